// What a synthetic target exposes and how it misbehaves: a plain struct a
// scenario line or a test fills in. Defaults give a small, well-behaved
// node-exporter-like target.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/status.h"

namespace tsdbsim {

enum class GaugePattern {
  kRandomWalk,  // moves by a random whole number of gauge_unit each scrape
  kWave,        // a periodic wave in virtual time, from an integer sine table
};

enum class MalformedKind {
  kBadValue,                // `name{...} 17x`: the value does not parse
  kUnterminatedLabelValue,  // `name{cpu="3} 17`: the closing quote is gone
  kEither,                  // one of the two, drawn per malformed page
};

// The target refuses connections for scrapes starting in [from_ms, until_ms).
struct DownWindow {
  int64_t from_ms = 0;
  int64_t until_ms = 0;
};

struct SyntheticTargetSpec {
  std::string address = "node-1:9100";
  std::string metric_prefix = "synth";

  // Metric families by kind; each family has series_per_family series told
  // apart by series_label ("cpu"="0".."N-1"; churn hands out N, N+1, ...).
  int counters = 4;
  int gauges = 4;
  int histograms = 1;
  int summaries = 1;
  int series_per_family = 4;
  std::string series_label = "cpu";
  // Constant labels on every series (names sorted with series_label);
  // values may hold characters that need escaping.
  std::vector<std::pair<std::string, std::string>> extra_labels;

  // Upper bounds of the histogram buckets, strictly increasing; +Inf is
  // implied. Default: Go client's DefBuckets.
  std::vector<double> histogram_buckets = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
  // Observations per series and scrape: histograms 0..max, summaries 1..max.
  int observations_per_scrape_max = 10;

  // Per scrape, each series is replaced by one with a new label value with
  // this probability (parts per million): the old series disappears.
  uint32_t churn_ppm = 0;

  // Counters grow by a uniform whole increment in [0, max] per scrape.
  int64_t counter_increment_max = 100;
  // Per scrape and cumulative series (counter, histogram, summary): chance
  // that the process "restarted" and the series starts again from zero.
  uint32_t counter_reset_ppm = 0;

  GaugePattern gauge_pattern = GaugePattern::kRandomWalk;
  // A gauge is a whole number of these; when it is 10^-k the value is that
  // decimal (0.57), as fixed-point exporters print it.
  double gauge_unit = 0.01;
  int64_t gauge_walk_step_max = 5;  // walk step in units, uniform in [-max, max]
  int64_t gauge_wave_period_ms = 10 * 60 * 1000;
  int64_t gauge_wave_amplitude_units = 5000;
  int64_t gauge_wave_center_units = 10000;

  // Faults. Each kind draws from its own random stream, so turning one on
  // does not change the values or the other faults.
  int64_t latency_ms = 0;         // every answer takes this long (slow target)
  int64_t latency_jitter_ms = 0;  // plus a uniform extra in [0, jitter]
  // Some answers take timeout_latency_ms instead: longer than the scrape
  // timeout, so the scrape fails with "context deadline exceeded".
  int64_t timeout_latency_ms = 60'000;
  uint32_t timeout_ppm = 0;
  uint32_t timeout_every_nth = 0;  // scrapes N, 2N, ... (1-based), 0 = never
  // HTTP errors instead of a page.
  int http_error_status = 500;
  uint32_t http_error_ppm = 0;
  uint32_t http_error_every_nth = 0;
  std::vector<DownWindow> down;  // connection refused
  // Pages with one line the text parser rejects, at a drawn sample line.
  uint32_t malformed_ppm = 0;
  uint32_t malformed_every_nth = 0;
  MalformedKind malformed_kind = MalformedKind::kBadValue;

  // Print integral values as integers (true) or exactly as Go's client
  // library does (1.234567e+06).
  bool integers_plain = true;
};

// kInvalidArgument naming the first bad field: negative counts, invalid
// metric or label names, buckets not strictly increasing and finite, a
// non-positive wave period, a down window ending before it starts.
tsdb::Status ValidateSpec(const SyntheticTargetSpec& spec);

}  // namespace tsdbsim
