#include "sim/targets/self_target.h"

#include <utility>

#include "engine/base/assert.h"
#include "sim/targets/exposition_writer.h"

namespace tsdbsim {

SelfTarget::SelfTarget(const tsdb::db::DB* db, std::string address)
    : SelfTarget([db] { return SelfMetricsOf(*db); }, std::move(address)) {
  TSDB_ASSERT(db != nullptr);
}

SelfTarget::SelfTarget(std::function<SelfMetrics()> source, std::string address)
    : source_(std::move(source)), address_(std::move(address)) {
  TSDB_ASSERT(source_);
}

tsdb::scrape::ScrapeResponse SelfTarget::Scrape(int64_t /*now_ms*/) {
  tsdb::scrape::ScrapeResponse r;
  r.content_type = std::string(kTextContentType);
  r.body = RenderSelfMetrics(source_());
  return r;
}

}  // namespace tsdbsim
