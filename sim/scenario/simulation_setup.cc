// The steps that describe the world: config, target and secondary, with
// every option value checked and errors naming FILE:LINE:COL.
#include "sim/scenario/simulation_internal.h"
#include "sim/scenario/values.h"

namespace tsdbsim {
namespace {

// Turns a value parser's error into one naming the option's place.
template <typename T>
tsdb::Status Get(tsdb::Result<T> r, T* out, const std::function<tsdb::Status(const std::string&)>& err) {
  if (!r.ok()) return err(r.status().message());
  *out = *r;
  return {};
}

}  // namespace

tsdb::Status Simulation::ApplyConfig(const ::tsdbsim::Step& step) {
  for (const Option& o : step.options) {
    auto err = [&](const std::string& m) { return Error(step, o.column, o.key + ": " + m); };
    const std::string& v = o.value;
    int64_t n = 0;
    bool b = false;
    if (o.key == "chunk_range") {
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v), &n, err));
      if (n < 1000) return err("must be at least 1s");
      db_options_.head.chunk_range_ms = n;
    } else if (o.key == "scrape_interval") {
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v), &n, err));
      if (n <= 0) return err("must be positive");
      scrape_defaults_.scrape_interval_ms = n;
      scrape_defaults_.scrape_timeout_ms = std::min(scrape_defaults_.scrape_timeout_ms, n);
    } else if (o.key == "scrape_timeout") {
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v), &n, err));
      if (n <= 0 || n > scrape_defaults_.scrape_interval_ms) return err("must be positive and at most scrape_interval");
      scrape_defaults_.scrape_timeout_ms = n;
    } else if (o.key == "sample_limit") {
      TSDB_RETURN_IF_ERROR(Get(ParseInt(v, 0, INT32_MAX), &n, err));
      scrape_defaults_.sample_limit = n;
    } else if (o.key == "wal_segment_size") {
      TSDB_RETURN_IF_ERROR(Get(ParseBytes(v), &n, err));
      if (n < 32768 || n % 32768 != 0) return err("must be a multiple of the 32KiB page");
      db_options_.wal.segment_size_bytes = n;
    } else if (o.key == "wal_compression") {
      TSDB_RETURN_IF_ERROR(Get(ParseOnOff(v), &b, err));
      db_options_.wal.compress = b;
    } else if (o.key == "samples_per_chunk") {
      TSDB_RETURN_IF_ERROR(Get(ParseInt(v, 4, 32767), &n, err));
      db_options_.head.samples_per_chunk = static_cast<int>(n);
    } else if (o.key == "head_chunk_write_buffer") {
      TSDB_RETURN_IF_ERROR(Get(ParseBytes(v), &n, err));
      if (n < 65536 || n > 8 << 20 || n % 1024 != 0) return err("must be 64KiB..8MiB and a multiple of 1KiB");
      db_options_.chunks.write_buffer_size_bytes = n;
    } else if (o.key == "block_chunk_segment_size") {
      TSDB_RETURN_IF_ERROR(Get(ParseBytes(v), &n, err));
      if (n < 1024) return err("must be at least 1KiB");
      db_options_.block_chunk_segment_size_bytes = static_cast<uint64_t>(n);
    } else if (o.key == "mmap") {
      TSDB_RETURN_IF_ERROR(Get(ParseOnOff(v), &b, err));
      db_options_.mmap_head_chunks = b;
    } else if (o.key == "memory_snapshot_on_shutdown") {
      TSDB_RETURN_IF_ERROR(Get(ParseOnOff(v), &b, err));
      db_options_.head.memory_snapshot_on_shutdown = b;
    } else if (o.key == "retention_time") {
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v), &n, err));
      if (n < 0) return err("must not be negative (0 turns time retention off)");
      db_options_.retention.retention_ms = n;
    } else if (o.key == "retention_size") {
      TSDB_RETURN_IF_ERROR(Get(ParseBytes(v), &n, err));
      db_options_.retention.max_bytes = n;
    } else if (o.key == "max_block_duration") {
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v), &n, err));
      if (n <= 0) return err("must be positive");
      db_options_.max_block_duration_ms = n;
    } else if (o.key == "compaction") {
      TSDB_RETURN_IF_ERROR(Get(ParseOnOff(v), &b, err));
      db_options_.compaction_enabled = b;
    } else {
      return err("unknown config key (expected chunk_range, scrape_interval, scrape_timeout, sample_limit, "
                 "wal_segment_size, wal_compression, samples_per_chunk, head_chunk_write_buffer, "
                 "block_chunk_segment_size, mmap, compaction, retention_time, retention_size, "
                 "max_block_duration or memory_snapshot_on_shutdown)");
    }
  }
  Note("config", "");
  return {};
}

tsdb::Status Simulation::AddTarget(const ::tsdbsim::Step& step) {
  for (const auto& t : targets_) {
    if (t->name == step.name) {
      if (t->active) return Error(step, 8, "target \"" + step.name + "\" already exists");
      t->active = true;  // a removed target comes back, with its state
      Note("target", step.name);
      return {};
    }
  }
  auto entry = std::make_unique<TargetEntry>();
  entry->name = step.name;
  entry->line = step.line;
  entry->job = step.kind_word == "self" ? "prometheus" : step.kind_word == "scripted" ? "scripted" : "node";
  SyntheticTargetSpec spec;
  spec.address = step.name + ":9100";
  std::vector<ScriptedPageFile> files;
  std::string content_type;
  bool cycle = false;
  for (const Option& o : step.options) {
    auto err = [&](const std::string& m) { return Error(step, o.column, o.key + ": " + m); };
    const std::string& v = o.value;
    int64_t n = 0;
    uint32_t ppm = 0;
    if (o.key == "job") {
      entry->job = v;
    } else if (o.key == "interval") {
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v), &n, err));
      if (n <= 0) return err("must be positive");
      entry->interval_ms = n;
    } else if (o.key == "address") {
      spec.address = v;
    } else if (step.kind_word == "scripted" && o.key == "file") {
      files.push_back({v, {}});
    } else if (step.kind_word == "scripted" && o.key == "content_type") {
      content_type = v;
    } else if (step.kind_word == "scripted" && o.key == "cycle") {
      TSDB_RETURN_IF_ERROR(Get(ParseOnOff(v), &cycle, err));
    } else if (step.kind_word != "synthetic") {
      return err("unknown option for a " + step.kind_word + " target");
    } else if (o.key == "series") {
      // N series as counters and gauges in families of ten.
      TSDB_RETURN_IF_ERROR(Get(ParseInt(v, 1, 10'000'000), &n, err));
      spec.series_per_family = static_cast<int>(std::min<int64_t>(n, 10));
      const int64_t families = (n + spec.series_per_family - 1) / spec.series_per_family;
      spec.counters = static_cast<int>((families + 1) / 2);
      spec.gauges = static_cast<int>(families / 2);
      spec.histograms = 0;
      spec.summaries = 0;
    } else if (o.key == "counters" || o.key == "gauges" || o.key == "histograms" || o.key == "summaries" ||
               o.key == "series_per_family") {
      TSDB_RETURN_IF_ERROR(Get(ParseInt(v, 0, 1'000'000), &n, err));
      int* field = o.key == "counters" ? &spec.counters : o.key == "gauges" ? &spec.gauges
                   : o.key == "histograms" ? &spec.histograms : o.key == "summaries" ? &spec.summaries
                                                                                      : &spec.series_per_family;
      *field = static_cast<int>(n);
    } else if (o.key == "churn" || o.key == "timeouts" || o.key == "http_errors" || o.key == "malformed" ||
               o.key == "counter_resets") {
      TSDB_RETURN_IF_ERROR(Get(ParseRatioPpm(v), &ppm, err));
      uint32_t* field = o.key == "churn" ? &spec.churn_ppm : o.key == "timeouts" ? &spec.timeout_ppm
                        : o.key == "http_errors" ? &spec.http_error_ppm : o.key == "malformed" ? &spec.malformed_ppm
                                                                                               : &spec.counter_reset_ppm;
      *field = ppm;
    } else if (o.key == "latency" || o.key == "latency_jitter") {
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v), &n, err));
      (o.key == "latency" ? spec.latency_ms : spec.latency_jitter_ms) = n;
    } else if (o.key == "down") {
      const size_t dots = v.find("..");
      int64_t from = 0, until = 0;
      if (dots == std::string::npos) return err("expected FROM..UNTIL durations from the start, like 1h..1h30m");
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v.substr(0, dots)), &from, err));
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(v.substr(dots + 2)), &until, err));
      if (until < from) return err("the window ends before it starts");
      spec.down.push_back({kSimEpochMs + from, kSimEpochMs + until});
    } else {
      return err("unknown option for a synthetic target (expected job, interval, address, series, counters, gauges, "
                 "histograms, summaries, series_per_family, churn, counter_resets, latency, latency_jitter, "
                 "timeouts, http_errors, malformed or down)");
    }
  }
  if (step.kind_word == "synthetic") {
    if (tsdb::Status s = ValidateSpec(spec); !s.ok()) return Error(step, 8, s.message());
    // Each target its own stream, drawn in definition order.
    entry->scraper = std::make_unique<SyntheticTarget>(spec, rng_.NextU64());
  } else if (step.kind_word == "scripted") {
    if (files.empty()) return Error(step, 8, "a scripted target needs at least one file=PATH");
    if (options_.host_fs == nullptr) return Error(step, 8, "scripted targets need the host filesystem");
    for (auto& f : files) {
      if (!content_type.empty()) f.response.content_type = content_type;
    }
    auto t = ScriptedTarget::FromFiles(*options_.host_fs, spec.address, files,
                                       cycle ? AfterLastPage::kCycle : AfterLastPage::kRepeatLast);
    if (!t.ok()) return Error(step, 8, t.status().message());
    entry->scraper = std::move(t).value();
  } else {
    entry->scraper = std::make_unique<SelfTarget>(
        [this] { return process_ && process_->db ? SelfMetricsOf(*process_->db) : SelfMetrics{}; },
        spec.address == step.name + ":9100" ? "localhost:9090" : spec.address);
  }
  targets_.push_back(std::move(entry));
  Note("target", step.name);
  return {};
}

tsdb::Status Simulation::SetSecondary(const ::tsdbsim::Step& step) {
  RemoteWriteReceiverOptions ro;
  ro.record_appends = false;  // counts suffice; the log of a long run is large
  ro.seed = rng_.NextU64();
  for (const Option& o : step.options) {
    auto err = [&](const std::string& m) { return Error(step, o.column, o.key + ": " + m); };
    uint32_t ppm = 0;
    int64_t n = 0;
    if (o.key == "append_failures" || o.key == "commit_failures") {
      TSDB_RETURN_IF_ERROR(Get(ParseRatioPpm(o.value), &ppm, err));
      FailurePlan plan = FailurePlan::Ppm(ppm, tsdb::StatusCode::kIOError, "remote write: injected " + o.key);
      (o.key == "append_failures" ? ro.append_failure : ro.commit_failure) = plan;
    } else if (o.key == "lag") {
      TSDB_RETURN_IF_ERROR(Get(ParseDurationMs(o.value), &n, err));
      ro.lag_ms = n;
    } else {
      return err("unknown option (expected append_failures, commit_failures or lag)");
    }
  }
  receiver_ = std::make_unique<RemoteWriteReceiver>(ro, &loop_);
  Note("secondary", "remote_write");
  return {};
}

}  // namespace tsdbsim
