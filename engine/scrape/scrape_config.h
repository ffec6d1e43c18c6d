// One scrape job's settings (a scrape_configs entry of prometheus.yml), with
// 2.42's defaults.
#pragma once

#include <cstdint>
#include <string>

#include "engine/base/status.h"

namespace tsdb::scrape {

struct ScrapeConfig {
  std::string job_name;
  int64_t scrape_interval_ms = 60'000;  // global default 1m
  int64_t scrape_timeout_ms = 10'000;   // global default 10s
  bool honor_labels = false;
  bool honor_timestamps = true;
  int64_t sample_limit = 0;  // 0: none
  std::string metrics_path = "/metrics";
  std::string scheme = "http";

  // 2.42's config checks that matter here.
  Status Validate() const {
    if (job_name.empty()) return Status::InvalidArgument("job_name is empty");
    if (scrape_interval_ms <= 0) return Status::InvalidArgument("scrape_interval must be positive");
    if (scrape_timeout_ms <= 0) return Status::InvalidArgument("scrape_timeout must be positive");
    if (scrape_timeout_ms > scrape_interval_ms) {
      return Status::InvalidArgument("scrape timeout greater than scrape interval for scrape config with job name \"" +
                                     job_name + "\"");
    }
    if (sample_limit < 0) return Status::InvalidArgument("sample_limit must not be negative");
    return {};
  }
};

}  // namespace tsdb::scrape
