// One metric family of a synthetic target: its series, how their values
// move from scrape to scrape, and how they are printed. All randomness comes
// from the Rng the target passes in, so the family itself holds no seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/rng.h"
#include "sim/targets/exposition_writer.h"
#include "sim/targets/synthetic_target_spec.h"

namespace tsdbsim {

enum class FamilyKind { kCounter, kGauge, kHistogram, kSummary };

const char* FamilyKindName(FamilyKind kind);  // the TYPE line's word
// k when unit is the double nearest 10^-k (0 <= k <= 9), else nothing.
std::optional<int> GaugeUnitScale(double unit);

class SyntheticFamily {
 public:
  // spec must outlive the family. Creates series_per_family series.
  SyntheticFamily(FamilyKind kind, std::string name, std::string help,
                  const SyntheticTargetSpec* spec, Rng* values);

  // Replaces each series with probability churn_ppm by one with a fresh label value.
  // Returns how many were replaced.
  size_t Churn(Rng* churn, Rng* values);
  // One scrape interval passes: counters grow, observations are made;
  // `resets` decides the counter resets (its own stream).
  void Advance(Rng* values, Rng* resets);
  // The family's HELP, TYPE and sample lines as at now_ms.
  void Render(int64_t now_ms, ExpositionWriter* w) const;

  // Sample lines per series: 1, or buckets + 3 for a histogram, 5 for a summary.
  size_t SamplesPerSeries() const;
  // `name{labels}` of every sample line, in page order.
  void AppendSeriesKeys(std::vector<std::string>* out) const;

  const std::string& name() const { return name_; }
  FamilyKind kind() const { return kind_; }

 private:
  struct Series {
    uint64_t label_id = 0;
    std::string label_text;  // `cpu="3",zone="a"`, escaped, names sorted
    uint64_t counter = 0;
    int64_t gauge_units = 0;
    int64_t wave_phase_ms = 0;
    std::vector<uint64_t> bucket_counts;  // per bucket, not cumulative; last is above every bound
    double sum = 0;
    uint64_t count = 0;
    std::vector<double> quantiles;  // summary: over the last scrape's observations
    // `name{labels}` of each of its sample lines, in page order: built once,
    // so a scrape only prints values.
    std::vector<std::string> keys;
  };

  Series NewSeries(uint64_t label_id, Rng* values) const;
  void SortSeries();
  double Observe(Rng* values) const;
  void ObserveSummary(Series* s, Rng* values) const;
  // A gauge's value in gauge units (a wave's in thousandths of one).
  int64_t GaugeUnits(const Series& s, int64_t now_ms) const;
  void RenderGauge(const Series& s, int64_t now_ms, ExpositionWriter* w) const;
  // le="..." / quantile="..." appended to a series' label text.
  std::string WithLabel(const Series& s, const char* name, const std::string& value) const;
  std::vector<std::string> KeysOf(const Series& s) const;

  FamilyKind kind_;
  std::string name_;
  std::string help_;
  std::string header_;  // its HELP and TYPE lines, printed once
  const SyntheticTargetSpec* spec_;
  std::optional<int> gauge_scale_;  // k when gauge_unit is 10^-k (GaugeUnitScale)
  std::vector<std::string> le_values_;  // formatted bucket bounds, then "+Inf"
  std::vector<Series> series_;
  uint64_t next_label_id_ = 0;
};

}  // namespace tsdbsim
