// The engine's own metrics as Prometheus 2.42 serves them on /metrics:
// the same names, HELP texts, TYPEs and labels (prometheus_tsdb_*), so a
// lesson can scrape the simulated server and put the result beside a real
// one. Rendering takes plain values, not a DB, so it is testable alone.
//
// Only what the engine counts is served; 2.42's families the engine does
// not track (durations of compactions and GC, isolation, exemplars,
// retention) are left out rather than shown as made-up zeros. Families that
// are zero by construction here (native histograms, out-of-order ingestion,
// both disabled) are served, since 2.42 serves them as zeros too.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "engine/db/db.h"
#include "engine/head/head_metrics.h"
#include "engine/wlog/wal.h"

namespace tsdbsim {

struct SelfMetrics {
  tsdb::head::HeadMetrics head;
  tsdb::db::DbMetrics db;
  std::optional<tsdb::wlog::WalMetrics> wal;  // none: the WAL families are left out
  uint64_t head_series = 0;
  // Head.MinTime()/MaxTime(): INT64_MAX / INT64_MIN while the head is
  // empty, which 2.42 exports as they are (9.223372036854776e+18).
  int64_t head_min_time_ms = std::numeric_limits<int64_t>::max();
  int64_t head_max_time_ms = std::numeric_limits<int64_t>::min();
  // The oldest block's MinTime; prometheus_tsdb_lowest_timestamp uses it
  // when there are blocks, else the head's MinTime.
  std::optional<int64_t> oldest_block_min_time_ms;
  uint64_t blocks_loaded = 0;
  int64_t retention_limit_bytes = 0;  // --storage.tsdb.retention.size, 0 = off
};

SelfMetrics SelfMetricsOf(const tsdb::db::DB& db);

// The exposition page, families sorted by name as Go's registry gathers
// them, values printed as Go's client prints them.
std::string RenderSelfMetrics(const SelfMetrics& m);

}  // namespace tsdbsim
