// SelfTarget: the simulated Prometheus scraping its own /metrics, as a real
// one does with the default `job="prometheus"` config: the page shows the
// DB's counters under 2.42's names at the moment of the scrape.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/db/db.h"
#include "engine/scrape/scraper.h"
#include "sim/targets/self_metrics.h"

namespace tsdbsim {

class SelfTarget final : public tsdb::scrape::Scraper {
 public:
  // db must outlive the target; it is only read.
  explicit SelfTarget(const tsdb::db::DB* db, std::string address = "localhost:9090");
  // Any source of values (a test, a DB that is reopened during the run).
  explicit SelfTarget(std::function<SelfMetrics()> source, std::string address = "localhost:9090");

  tsdb::scrape::ScrapeResponse Scrape(int64_t now_ms) override;
  std::string Address() const override { return address_; }

 private:
  std::function<SelfMetrics()> source_;
  std::string address_;
};

}  // namespace tsdbsim
