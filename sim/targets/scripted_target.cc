#include "sim/targets/scripted_target.h"

#include <utility>

#include "engine/base/assert.h"

namespace tsdbsim {

using tsdb::scrape::ScrapeResponse;

ScriptedTarget::ScriptedTarget(std::string address, std::vector<ScrapeResponse> pages,
                               AfterLastPage after)
    : address_(std::move(address)), pages_(std::move(pages)), after_(after) {
  TSDB_ASSERT(!pages_.empty());
}

std::unique_ptr<ScriptedTarget> ScriptedTarget::FromBodies(std::string address,
                                                           const std::vector<std::string>& bodies,
                                                           AfterLastPage after) {
  std::vector<ScrapeResponse> pages;
  for (const std::string& b : bodies) {
    ScrapeResponse r;
    r.body = b;
    pages.push_back(std::move(r));
  }
  return std::make_unique<ScriptedTarget>(std::move(address), std::move(pages), after);
}

tsdb::Result<std::unique_ptr<ScriptedTarget>> ScriptedTarget::FromFiles(
    tsdb::Filesystem& fs, std::string address, const std::vector<ScriptedPageFile>& files,
    AfterLastPage after) {
  const std::string who = "scripted target " + address;
  if (files.empty()) return tsdb::Status::InvalidArgument(who + ": no page files given");
  std::vector<ScrapeResponse> pages;
  for (size_t i = 0; i < files.size(); i++) {
    auto bytes = tsdb::ReadWholeFile(fs, files[i].path);
    if (!bytes.ok()) {
      // The filesystem's message may or may not name the file; ours does.
      return bytes.status().Wrap(who + ": page " + std::to_string(i + 1) + " of " +
                                 std::to_string(files.size()) + ": reading " + files[i].path);
    }
    ScrapeResponse r = files[i].response;
    r.body.assign(tsdb::AsString(*bytes));
    pages.push_back(std::move(r));
  }
  return std::make_unique<ScriptedTarget>(std::move(address), std::move(pages), after);
}

ScrapeResponse ScriptedTarget::Scrape(int64_t /*now_ms*/) {
  const uint64_t i = scrapes_++;
  const uint64_t n = pages_.size();
  last_page_ = static_cast<size_t>(after_ == AfterLastPage::kCycle ? i % n : (i < n ? i : n - 1));
  return pages_[last_page_];
}

}  // namespace tsdbsim
