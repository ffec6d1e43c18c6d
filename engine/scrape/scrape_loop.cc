// The loop's timing: start offset, ticks, the scrape's latency and the
// end-of-run staleness schedule. What a page does to the storage is in
// scrape_append.cc.
#include "engine/scrape/scrape_loop.h"

#include <algorithm>

#include "engine/base/assert.h"

namespace tsdb::scrape {
namespace {

std::string FailureMessage(const ScrapeResponse& r, const std::string& url) {
  if (!r.error.empty()) return r.error;
  switch (r.outcome) {
    case ScrapeResponse::Outcome::kHttpError:
      return "server returned HTTP status " + std::to_string(r.http_status);
    case ScrapeResponse::Outcome::kRefused:
      return "Get \"" + url + "\": connection refused";
    case ScrapeResponse::Outcome::kOk:
      break;
  }
  return "";
}

}  // namespace

ScrapeLoop::ScrapeLoop(uint64_t id, const ScrapeConfig& cfg, Target target, LoopContext ctx)
    : id_(id), cfg_(cfg), target_(std::move(target)), ctx_(ctx), alive_(std::make_shared<bool>(true)) {
  TSDB_ASSERT(ctx_.appendable != nullptr && ctx_.executor != nullptr && ctx_.metrics != nullptr);
  if (ctx_.sink == nullptr) ctx_.sink = NullEventSink::Instance();
}

ScrapeLoop::~ScrapeLoop() { *alive_ = false; }

void ScrapeLoop::Schedule(int64_t t_ms, std::function<void()> fn) {
  pending_++;
  ctx_.executor->At(t_ms, [this, alive = alive_, fn = std::move(fn)] {
    if (!*alive) return;
    pending_--;
    fn();
  });
}

void ScrapeLoop::Start() {
  const int64_t now = ctx_.executor->NowMs();
  next_tick_ms_ = now + target_.OffsetMs(cfg_.scrape_interval_ms, ctx_.jitter_seed, now);
  const int64_t first = next_tick_ms_;
  Schedule(first, [this, first] { Tick(first); });
}

void ScrapeLoop::Tick(int64_t scrape_ms) {
  if (stopped_) return;
  // Virtual ticks land exactly on the grid, so 2.42's 2 ms alignment of
  // scrape timestamps never has anything to correct.
  ctx_.sink->OnEvent({.type = EventType::kScrapeStart, .ref = id_, .mint = scrape_ms});
  ScrapeResponse response = target_.scraper()->Scrape(scrape_ms);
  const int64_t latency_ms = std::clamp<int64_t>(response.latency_ms, 0, cfg_.scrape_timeout_ms);
  if (response.latency_ms > cfg_.scrape_timeout_ms) {
    response.outcome = ScrapeResponse::Outcome::kRefused;
    response.error = "Get \"" + target_.url() + "\": context deadline exceeded";
    response.body.clear();
  }
  // The append waits for the page; timeout <= interval, so it runs before
  // the next tick (scheduled after it, so first at equal times).
  Schedule(scrape_ms + latency_ms, [this, scrape_ms, latency_ms, r = std::move(response)] {
    Finish(scrape_ms, r, latency_ms);
  });
  next_tick_ms_ = scrape_ms + cfg_.scrape_interval_ms;
  const int64_t next = next_tick_ms_;
  Schedule(next, [this, next] { Tick(next); });
}

void ScrapeLoop::Finish(int64_t scrape_ms, const ScrapeResponse& response, int64_t latency_ms) {
  scrapes_++;
  ctx_.metrics->scrapes_total++;
  const bool fetched = response.outcome == ScrapeResponse::Outcome::kOk;
  std::string scrape_error = fetched ? "" : FailureMessage(response, target_.url());

  std::unique_ptr<storage::Appender> app = ctx_.appendable->Appender();
  // A failed scrape is an empty page: it still marks every series stale.
  const std::string_view page = fetched ? std::string_view(response.body) : std::string_view();
  AppendResult res = AppendPage(app.get(), page, response.content_type, scrape_ms);
  if (!res.err.ok()) {
    // A parse error or the sample limit: nothing of the page is kept, but
    // an empty page still marks the series of the last scrape stale.
    (void)app->Rollback();
    app = ctx_.appendable->Appender();
    const AppendResult stale = AppendPage(app.get(), "", "", scrape_ms);
    res.stale_markers = stale.stale_markers;
    if (!stale.err.ok()) {
      (void)app->Rollback();
      app = ctx_.appendable->Appender();
      res.stale_markers = 0;
    }
    if (scrape_error.empty()) scrape_error = res.err.message();
  }

  ScrapeReport r{.timestamp_ms = scrape_ms,
                 .up = scrape_error.empty(),
                 .duration_seconds = static_cast<double>(latency_ms) / 1000.0,
                 .samples_scraped = res.total,
                 .samples_post_relabeling = res.added,
                 .series_added = res.series_added,
                 .error = scrape_error};
  if (Status s = Report(app.get(), r); !s.ok()) {
    (void)app->Rollback();
  } else if (Status c = app->Commit(); !c.ok()) {
    ctx_.metrics->commit_failures_total++;
  }
  if (!r.up) ctx_.metrics->scrapes_failed_total++;
  if (res.stale_markers > 0) {
    ctx_.sink->OnEvent({.type = EventType::kStaleMarkers, .count = res.stale_markers, .ref = id_, .mint = scrape_ms});
  }
  ctx_.sink->OnEvent({.type = EventType::kScrapeEnd,
                      .offset = r.series_added,
                      .bytes = r.samples_post_relabeling,
                      .count = r.samples_scraped,
                      .ref = id_,
                      .mint = scrape_ms,
                      .detail = r.error});
  last_scrape_ms_ = scrape_ms;
  last_ = std::move(r);
}

void ScrapeLoop::Stop(bool end_of_run_staleness) {
  if (stopped_) return;
  stopped_ = true;
  // 2.42: nothing to mark if there never was a scrape; on shutdown the
  // server restarts where it was, so it writes nothing either.
  if (!end_of_run_staleness) return;
  // The tick that would have come next gives the markers their time; they
  // are written one more interval and a tenth later, in case the target
  // came back meanwhile (then they are out of order and ignored).
  const int64_t stale_ms = next_tick_ms_;
  const int64_t write_ms = stale_ms + cfg_.scrape_interval_ms + cfg_.scrape_interval_ms / 10;
  Schedule(write_ms, [this, stale_ms] { EndOfRunStaleness(stale_ms); });
}

void ScrapeLoop::EndOfRunStaleness(int64_t stale_ms) {
  if (last_scrape_ms_ < 0) return;  // the one scrape in flight never finished
  std::unique_ptr<storage::Appender> app = ctx_.appendable->Appender();
  AppendResult res = AppendPage(app.get(), "", "", stale_ms);
  if (!res.err.ok()) {
    (void)app->Rollback();
    app = ctx_.appendable->Appender();
    res.stale_markers = 0;
  }
  if (Status s = ReportStale(app.get(), stale_ms); !s.ok()) {
    (void)app->Rollback();
    return;
  }
  if (!app->Commit().ok()) {
    ctx_.metrics->commit_failures_total++;
    return;
  }
  ctx_.sink->OnEvent({.type = EventType::kStaleMarkers, .count = res.stale_markers + kReportSeries, .ref = id_, .mint = stale_ms});
}

}  // namespace tsdb::scrape
