// ScriptedTarget: serves fixed pages in order, e.g. pages a real
// node_exporter or Prometheus served, so the scrape path can be checked on
// real-world exposition text. After the last page it repeats that page or
// starts again from the first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/scrape/scraper.h"

namespace tsdbsim {

enum class AfterLastPage { kRepeatLast, kCycle };

// A page to read from a file: the body comes from `path`, the rest of the
// answer from `response` (content type, outcome, status, latency, error).
struct ScriptedPageFile {
  std::string path;
  tsdb::scrape::ScrapeResponse response;
};

class ScriptedTarget final : public tsdb::scrape::Scraper {
 public:
  // pages must not be empty (asserted): the responses, served as given.
  ScriptedTarget(std::string address, std::vector<tsdb::scrape::ScrapeResponse> pages,
                 AfterLastPage after = AfterLastPage::kRepeatLast);
  // Convenience: plain text exposition bodies with the default content type.
  static std::unique_ptr<ScriptedTarget> FromBodies(std::string address,
                                                    const std::vector<std::string>& bodies,
                                                    AfterLastPage after = AfterLastPage::kRepeatLast);
  // Reads every file once, now. A file that cannot be read gives its
  // error naming the path and the page; no files is kInvalidArgument.
  static tsdb::Result<std::unique_ptr<ScriptedTarget>> FromFiles(
      tsdb::Filesystem& fs, std::string address, const std::vector<ScriptedPageFile>& files,
      AfterLastPage after = AfterLastPage::kRepeatLast);

  tsdb::scrape::ScrapeResponse Scrape(int64_t now_ms) override;
  std::string Address() const override { return address_; }

  size_t page_count() const { return pages_.size(); }
  uint64_t scrapes() const { return scrapes_; }
  // The page the last Scrape served (counted from 0); meaningless before one.
  size_t last_page_index() const { return last_page_; }

 private:
  std::string address_;
  std::vector<tsdb::scrape::ScrapeResponse> pages_;
  AfterLastPage after_;
  uint64_t scrapes_ = 0;
  size_t last_page_ = 0;
};

}  // namespace tsdbsim
