// Scraper: what a scrape loop fetches a page from. In Prometheus it is an
// HTTP GET; in the simulator it is a synthetic or scripted target that
// answers at a virtual time. The engine never knows which.
#pragma once

#include <cstdint>
#include <string>

namespace tsdb::scrape {

struct ScrapeResponse {
  enum class Outcome {
    kOk,         // a page (which may still fail to parse)
    kHttpError,  // e.g. 500: `error` says "server returned HTTP status 500 Internal Server Error"
    kRefused,    // connection refused / target down
  };
  Outcome outcome = Outcome::kOk;
  int http_status = 200;
  std::string body;
  std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
  // How long the target takes to answer, in virtual milliseconds. A scrape
  // whose latency exceeds its timeout fails with "context deadline exceeded".
  int64_t latency_ms = 0;
  std::string error;  // for kHttpError and kRefused
};

class Scraper {
 public:
  virtual ~Scraper() = default;
  // The page as the target serves it when a scrape starts at now_ms.
  // Deterministic: the same sequence of calls gives the same responses.
  virtual ScrapeResponse Scrape(int64_t now_ms) = 0;
  // "host:port": the `instance` label; the scrape URL, hashed for the start
  // offset, is http://ADDRESS/metrics.
  virtual std::string Address() const = 0;
};

}  // namespace tsdb::scrape
