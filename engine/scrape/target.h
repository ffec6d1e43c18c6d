// Target: one endpoint of a scrape job, with the labels 2.42 gives it after
// target relabeling (__address__, __metrics_path__, __scheme__,
// __scrape_interval__, __scrape_timeout__, instance, job and any extra
// discovered labels). Its hash places its scrapes in the interval (§11.1).
#pragma once

#include <cstdint>
#include <string>

#include "engine/labels/labels.h"
#include "engine/scrape/scrape_config.h"
#include "engine/scrape/scraper.h"

namespace tsdb::scrape {

class Target {
 public:
  // `extra` labels (e.g. env="prod") join the target's labels; scraper must
  // outlive the target.
  Target(const ScrapeConfig& cfg, Scraper* scraper, const Labels& extra);

  const Labels& labels() const { return labels_; }
  // Without the `__` labels: what every scraped series gets.
  const Labels& public_labels() const { return public_labels_; }
  const std::string& url() const { return url_; }
  Scraper* scraper() const { return scraper_; }

  // FNV-1a-64 over the 16-digit decimal of labels().Hash() and the URL.
  uint64_t Hash() const;
  // Time from now_ms to this target's first scrape: the same phase in every
  // interval, shifted by the server's jitter seed.
  int64_t OffsetMs(int64_t interval_ms, uint64_t jitter_seed, int64_t now_ms) const;

 private:
  Scraper* scraper_;
  Labels labels_;
  Labels public_labels_;
  std::string url_;
};

// Go's time.Duration String() of a whole number of milliseconds ("15s",
// "1m30s"), as __scrape_interval__ shows it.
std::string DurationLabel(int64_t ms);

}  // namespace tsdb::scrape
