// What one page does to the storage (2.42's scrapeLoop.append, report and
// reportStale): every sample through one appender, cache hits by ref, new
// series with their labels, stale markers for series gone since the last
// scrape, and the report series.
#include <bit>

#include "engine/base/value.h"
#include "engine/scrape/append_limits.h"
#include "engine/scrape/sample_labels.h"
#include "engine/scrape/scrape_loop.h"
#include "engine/scrape/textparse/parser.h"

namespace tsdb::scrape {
namespace {

// Cache keys of the report series end in 0xFF, which no exposed series
// text can contain, so they never collide with scraped ones.
constexpr std::string_view kUpKey = "up\xff";
constexpr std::string_view kDurationKey = "scrape_duration_seconds\xff";
constexpr std::string_view kSamplesKey = "scrape_samples_scraped\xff";
constexpr std::string_view kPostRelabelKey = "scrape_samples_post_metric_relabeling\xff";
constexpr std::string_view kSeriesAddedKey = "scrape_series_added\xff";

bool IgnoredOnStaleness(StatusCode c) { return c == StatusCode::kOutOfOrder || c == StatusCode::kDuplicate; }

}  // namespace

ScrapeLoop::AppendResult ScrapeLoop::AppendPage(storage::Appender* base, std::string_view page,
                                                std::string_view content_type, int64_t t_ms) {
  AppendResult res;
  TimeLimitAppender time_limited(base, ctx_.executor->NowMs() + kMaxAheadMs);
  LimitAppender limited(&time_limited, cfg_.sample_limit);
  storage::Appender* app = cfg_.sample_limit > 0 ? static_cast<storage::Appender*>(&limited) : &time_limited;

  std::unique_ptr<Parser> p = NewParser(page, content_type);
  Status limit_err;
  LabelsBuilder b;
  for (;;) {
    Result<EntryType> et = p->Next();
    if (!et.ok()) {
      const TextPosition pos = p->error_position();
      res.err = Status(et.status().code(), std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " +
                                               et.status().message());
      break;
    }
    if (*et == EntryType::kEof) break;
    if (*et != EntryType::kSeries) continue;  // HELP/TYPE/UNIT: no metadata kept in the WAL
    const auto pos = static_cast<size_t>(res.total++);
    const std::string_view series = p->Series();
    const std::optional<int64_t> parsed_t = cfg_.honor_timestamps ? p->TimestampMs() : std::nullopt;
    const int64_t t = parsed_t.value_or(t_ms);
    if (cache_.GetDropped(series)) continue;

    const ScrapeCache::Entry* ce = cache_.Get(series, pos);
    storage::SeriesRef ref = 0;
    Labels lset;
    uint64_t hash = 0;
    if (ce != nullptr) {
      ref = ce->ref;
    } else {
      b.Reset();
      p->Labels(&b);
      labels_parsed_++;
      b.Sort();
      const Labels exposed = b.Build();
      hash = exposed.Hash();
      lset = MutateSampleLabels(exposed, target_.public_labels(), cfg_.honor_labels);
      if (lset.empty()) {
        cache_.AddDropped(series);
        continue;
      }
      if (Status s = CheckSampleLabels(lset); !s.ok()) {
        res.err = std::move(s);
        break;
      }
    }
    Result<storage::SeriesRef> r = app->Append(ref, ce != nullptr ? *ce->labels : lset, t, p->Value());
    bool sample_added = false;
    if (r.ok()) {
      sample_added = true;
      ref = *r;
      if (!parsed_t && ce != nullptr) cache_.TrackStaleness(ce->hash, ce->labels);
    } else {
      ref = 0;
      switch (r.status().code()) {
        case StatusCode::kOutOfOrder: ctx_.metrics->scrapes_sample_out_of_order_total++; break;
        case StatusCode::kDuplicate: ctx_.metrics->scrapes_sample_duplicate_timestamp_total++; break;
        case StatusCode::kOutOfBounds: ctx_.metrics->scrapes_sample_out_of_bounds_total++; break;
        case StatusCode::kLimitExceeded: limit_err = r.status(); break;  // keep counting what was scraped
        default: res.err = r.status(); break;
      }
      if (!res.err.ok()) break;
    }
    if (ce == nullptr) {
      auto shared = std::make_shared<const Labels>(std::move(lset));
      // Samples with their own timestamp stay out of staleness tracking.
      if (!parsed_t) cache_.TrackStaleness(hash, shared);
      if (sample_added && limit_err.ok()) res.series_added++;
      cache_.AddRef(series, ref, std::move(shared), hash, pos);
    }
    res.added++;  // counted even when refused: samples left after relabeling
  }
  if (!limit_err.ok()) {
    if (res.err.ok()) res.err = limit_err;
    ctx_.metrics->scrapes_exceeded_sample_limit_total++;
  }
  if (!res.err.ok()) return res;

  cache_.ForEachStale([&](const Labels& gone) {
    Result<storage::SeriesRef> r = app->Append(0, gone, t_ms, StaleNaN());
    if (r.ok()) {
      res.stale_markers++;
    } else if (!IgnoredOnStaleness(r.status().code())) {
      res.err = r.status();
    }
    return res.err.ok();
  });
  if (!res.err.ok()) return res;
  const uint64_t forced_before = cache_.forced_flushes();
  cache_.IterDone(!page.empty());
  ctx_.metrics->scrapes_cache_flush_forced_total += cache_.forced_flushes() - forced_before;
  return res;
}

Status ScrapeLoop::AddReportSample(storage::Appender* app, std::string_view key, int64_t t_ms, double v) {
  const ScrapeCache::Entry* ce = cache_.Get(key);
  Labels fresh;
  if (ce == nullptr) {
    const std::string_view name = key.substr(0, key.size() - 1);  // without the 0xFF
    fresh = MutateReportSampleLabels(Labels::FromStrings({kMetricNameLabel, name}), target_.public_labels());
  }
  const Labels& lset = ce != nullptr ? *ce->labels : fresh;
  Result<storage::SeriesRef> r = app->Append(ce != nullptr ? ce->ref : 0, lset, t_ms, v);
  if (r.ok()) {
    if (ce == nullptr) {
      const uint64_t hash = fresh.Hash();
      cache_.AddRef(key, *r, std::make_shared<const Labels>(std::move(fresh)), hash);
    }
    return {};
  }
  // A target that went away and came back under a new loop: expected.
  if (IgnoredOnStaleness(r.status().code())) return {};
  return r.status();
}

Status ScrapeLoop::Report(storage::Appender* app, const ScrapeReport& r) {
  const int64_t t = r.timestamp_ms;
  TSDB_RETURN_IF_ERROR(AddReportSample(app, kUpKey, t, r.up ? 1 : 0));
  TSDB_RETURN_IF_ERROR(AddReportSample(app, kDurationKey, t, r.duration_seconds));
  TSDB_RETURN_IF_ERROR(AddReportSample(app, kSamplesKey, t, static_cast<double>(r.samples_scraped)));
  TSDB_RETURN_IF_ERROR(AddReportSample(app, kPostRelabelKey, t, static_cast<double>(r.samples_post_relabeling)));
  return AddReportSample(app, kSeriesAddedKey, t, static_cast<double>(r.series_added));
}

Status ScrapeLoop::ReportStale(storage::Appender* app, int64_t t_ms) {
  for (std::string_view key : {kUpKey, kDurationKey, kSamplesKey, kPostRelabelKey, kSeriesAddedKey}) {
    TSDB_RETURN_IF_ERROR(AddReportSample(app, key, t_ms, StaleNaN()));
  }
  return {};
}

}  // namespace tsdb::scrape
