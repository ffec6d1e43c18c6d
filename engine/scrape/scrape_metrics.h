// Scrape counters under 2.42's names (prometheus_target_*), shared by every
// loop of a manager.
#pragma once

#include <cstdint>

namespace tsdb::scrape {

struct ScrapeMetrics {
  uint64_t scrapes_total = 0;                           // not a 2.42 metric; for lessons
  uint64_t scrapes_failed_total = 0;                    // up == 0; not a 2.42 metric
  uint64_t scrapes_sample_out_of_order_total = 0;       // prometheus_target_scrapes_sample_out_of_order_total
  uint64_t scrapes_sample_duplicate_timestamp_total = 0;  // ..._sample_duplicate_timestamp_total
  uint64_t scrapes_sample_out_of_bounds_total = 0;      // ..._sample_out_of_bounds_total
  uint64_t scrapes_exceeded_sample_limit_total = 0;     // prometheus_target_scrapes_exceeded_sample_limit_total
  uint64_t scrapes_cache_flush_forced_total = 0;        // prometheus_target_scrapes_cache_flush_forced_total
  uint64_t commit_failures_total = 0;                   // "Scrape commit failed" log lines
};

}  // namespace tsdb::scrape
