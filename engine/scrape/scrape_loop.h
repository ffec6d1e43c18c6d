// ScrapeLoop (2.42's scrapeLoop): scrapes one target every interval on the
// executor, appends the page through one appender per scrape, reports the
// up/scrape_* series, and commits or rolls back once (§11.2). Series that
// vanish get stale markers at the next scrape, and all of them after the
// loop stops (§11.4). With the simulator's event loop every step happens at
// a virtual time decided by the target's hash and the jitter seed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/base/event_sink.h"
#include "engine/base/executor.h"
#include "engine/scrape/scrape_cache.h"
#include "engine/scrape/scrape_config.h"
#include "engine/scrape/scrape_metrics.h"
#include "engine/scrape/target.h"
#include "engine/storage/appender.h"

namespace tsdb::scrape {

// What the last finished scrape reported.
struct ScrapeReport {
  int64_t timestamp_ms = 0;
  bool up = false;
  double duration_seconds = 0;
  int64_t samples_scraped = 0;
  int64_t samples_post_relabeling = 0;
  int64_t series_added = 0;
  std::string error;  // "" when up
};

// up, scrape_duration_seconds, scrape_samples_scraped,
// scrape_samples_post_metric_relabeling, scrape_series_added.
inline constexpr int kReportSeries = 5;

struct LoopContext {
  storage::Appendable* appendable;
  Executor* executor;
  EventSink* sink;
  ScrapeMetrics* metrics;
  uint64_t jitter_seed;
};

class ScrapeLoop {
 public:
  ScrapeLoop(uint64_t id, const ScrapeConfig& cfg, Target target, LoopContext ctx);
  ~ScrapeLoop();
  ScrapeLoop(const ScrapeLoop&) = delete;
  ScrapeLoop& operator=(const ScrapeLoop&) = delete;

  // Schedules the first scrape at the target's offset.
  void Start();
  // No more scrapes. With end-of-run staleness (a removed target, not a
  // shutdown), stale markers follow at the next tick's time, written just
  // over two intervals later (§11.4). The loop must outlive that work:
  // done() says when nothing is left scheduled.
  void Stop(bool end_of_run_staleness);
  bool done() const { return stopped_ && pending_ == 0; }

  uint64_t id() const { return id_; }
  const Target& target() const { return target_; }
  const ScrapeCache& cache() const { return cache_; }
  const ScrapeReport& last_report() const { return last_; }
  int64_t scrapes() const { return scrapes_; }
  // Series whose labels had to be parsed (scrape-cache misses).
  int64_t labels_parsed() const { return labels_parsed_; }

 private:
  struct AppendResult {
    int64_t total = 0;
    int64_t added = 0;
    int64_t series_added = 0;
    int64_t stale_markers = 0;
    Status err;
  };

  void Tick(int64_t scrape_ms);
  void Finish(int64_t scrape_ms, const ScrapeResponse& response, int64_t latency_ms);
  // The samples of one page (2.42's scrapeLoop.append); an empty page only
  // writes stale markers.
  AppendResult AppendPage(storage::Appender* app, std::string_view page, std::string_view content_type,
                          int64_t t_ms);
  Status Report(storage::Appender* app, const ScrapeReport& r);
  Status ReportStale(storage::Appender* app, int64_t t_ms);
  Status AddReportSample(storage::Appender* app, std::string_view key, int64_t t_ms, double v);
  void EndOfRunStaleness(int64_t stale_ms);
  void Schedule(int64_t t_ms, std::function<void()> fn);

  uint64_t id_;
  ScrapeConfig cfg_;
  Target target_;
  LoopContext ctx_;
  ScrapeCache cache_;
  ScrapeReport last_;
  int64_t scrapes_ = 0;
  int64_t labels_parsed_ = 0;
  int64_t last_scrape_ms_ = -1;  // -1: never scraped
  int64_t next_tick_ms_ = 0;
  bool stopped_ = false;
  int pending_ = 0;  // scheduled callbacks not yet run
  // Cleared by the destructor: callbacks still queued then do nothing.
  std::shared_ptr<bool> alive_;
};

}  // namespace tsdb::scrape
