// Head counters under the names Prometheus 2.42 exports (PROMETHEUS.md §13),
// so a lesson can put ours beside a real server's.
#pragma once

#include <cstdint>

namespace tsdb::head {

struct HeadMetrics {
  uint64_t series_created_total = 0;          // prometheus_tsdb_head_series_created_total
  uint64_t series_removed_total = 0;          // prometheus_tsdb_head_series_removed_total
  uint64_t series_not_found_total = 0;        // prometheus_tsdb_head_series_not_found_total
  int64_t chunks = 0;                         // prometheus_tsdb_head_chunks
  uint64_t chunks_created_total = 0;          // prometheus_tsdb_head_chunks_created_total
  uint64_t chunks_removed_total = 0;          // prometheus_tsdb_head_chunks_removed_total
  uint64_t samples_appended_total = 0;        // prometheus_tsdb_head_samples_appended_total{type="float"}
  uint64_t out_of_order_samples_total = 0;    // prometheus_tsdb_out_of_order_samples_total{type="float"}
  uint64_t out_of_bound_samples_total = 0;    // prometheus_tsdb_out_of_bound_samples_total{type="float"}
  int64_t active_appenders = 0;               // prometheus_tsdb_head_active_appenders
  uint64_t truncations_total = 0;             // prometheus_tsdb_head_truncations_total
  uint64_t truncations_failed_total = 0;      // prometheus_tsdb_head_truncations_failed_total
  uint64_t wal_corruptions_total = 0;         // prometheus_tsdb_wal_corruptions_total
  uint64_t mmap_chunk_corruptions_total = 0;  // prometheus_tsdb_mmap_chunk_corruptions_total
  uint64_t checkpoint_creations_total = 0;    // prometheus_tsdb_checkpoint_creations_total
  uint64_t checkpoint_creations_failed_total = 0;
  uint64_t checkpoint_deletions_total = 0;
  uint64_t checkpoint_deletions_failed_total = 0;
  uint64_t chunk_write_errors_total = 0;      // 2.42 panics on these; we count and report
  uint64_t snapshot_replay_error_total = 0;   // prometheus_tsdb_snapshot_replay_error_total
};

}  // namespace tsdb::head
