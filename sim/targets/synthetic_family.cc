#include "sim/targets/synthetic_family.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "engine/base/assert.h"
#include "engine/db/go_format.h"
#include "sim/targets/wave_table.h"

namespace tsdbsim {
namespace {

// The summary's quantiles in thousandths (0.5, 0.9, 0.99), as Go's
// client is usually configured.
constexpr int64_t kQuantilePermille[] = {500, 900, 990};

std::string GoFloat(double v) {
  std::string s;
  AppendExpositionValue(v, FloatStyle::kGo, &s);
  return s;
}

}  // namespace

const char* FamilyKindName(FamilyKind kind) {
  switch (kind) {
    case FamilyKind::kCounter: return "counter";
    case FamilyKind::kGauge: return "gauge";
    case FamilyKind::kHistogram: return "histogram";
    case FamilyKind::kSummary: return "summary";
  }
  return "untyped";
}

SyntheticFamily::SyntheticFamily(FamilyKind kind, std::string name, std::string help,
                                 const SyntheticTargetSpec* spec, Rng* values)
    : kind_(kind),
      name_(std::move(name)),
      help_(std::move(help)),
      spec_(spec),
      gauge_scale_(GaugeUnitScale(spec->gauge_unit)) {
  {
    ExpositionWriter header(&header_);
    header.Help(name_, help_);
    header.Type(name_, FamilyKindName(kind_));
  }
  if (kind_ == FamilyKind::kHistogram) {
    // Go's client prints bucket bounds with FormatFloat 'g' -1.
    for (double b : spec_->histogram_buckets) le_values_.push_back(GoFloat(b));
    le_values_.push_back("+Inf");
  }
  const auto n = static_cast<uint64_t>(spec_->series_per_family);
  for (uint64_t i = 0; i < n; i++) series_.push_back(NewSeries(next_label_id_++, values));
  SortSeries();
}

void SyntheticFamily::SortSeries() {
  // Go's client prints a family's series sorted by their label values as
  // strings (cpu="0", "1", "10", "2"); label texts are unique per family.
  std::sort(series_.begin(), series_.end(),
            [](const Series& a, const Series& b) { return a.label_text < b.label_text; });
}

SyntheticFamily::Series SyntheticFamily::NewSeries(uint64_t label_id, Rng* values) const {
  Series s;
  s.label_id = label_id;
  std::vector<std::pair<std::string_view, std::string>> pairs;
  pairs.emplace_back(spec_->series_label, std::to_string(label_id));
  for (const auto& [n, v] : spec_->extra_labels) pairs.emplace_back(n, v);
  std::sort(pairs.begin(), pairs.end());
  for (const auto& [n, v] : pairs) {
    if (!s.label_text.empty()) s.label_text.push_back(',');
    s.label_text.append(n);
    s.label_text.append("=\"");
    AppendEscapedLabelValue(v, &s.label_text);
    s.label_text.push_back('"');
  }
  switch (kind_) {
    case FamilyKind::kCounter: break;
    case FamilyKind::kGauge:
      if (spec_->gauge_pattern == GaugePattern::kWave) {
        s.wave_phase_ms = static_cast<int64_t>(values->Below(static_cast<uint64_t>(spec_->gauge_wave_period_ms)));
      } else {
        s.gauge_units = spec_->gauge_wave_center_units +
                        values->Range(-spec_->gauge_wave_amplitude_units, spec_->gauge_wave_amplitude_units);
      }
      break;
    case FamilyKind::kHistogram: s.bucket_counts.assign(spec_->histogram_buckets.size() + 1, 0); break;
    case FamilyKind::kSummary: s.quantiles.assign(std::size(kQuantilePermille), 0.0); break;
  }
  s.keys = KeysOf(s);
  return s;
}

size_t SyntheticFamily::Churn(Rng* churn, Rng* values) {
  if (spec_->churn_ppm == 0) return 0;
  size_t replaced = 0;
  for (Series& s : series_) {
    if (!churn->ChancePpm(spec_->churn_ppm)) continue;
    s = NewSeries(next_label_id_++, values);
    replaced++;
  }
  if (replaced > 0) SortSeries();
  return replaced;
}

double SyntheticFamily::Observe(Rng* values) const {
  const std::vector<double>& b = spec_->histogram_buckets;
  if (b.empty()) return values->Unit();
  // Pick a bucket uniformly, then a point inside it: every bucket fills.
  const size_t nb = b.size();
  const auto slot = static_cast<size_t>(values->Below(nb + 1));
  auto lower_of = [&](size_t i) { return i == 0 ? (b[0] > 0 ? 0.0 : b[0] - 1) : b[i - 1]; };
  const double lower = lower_of(slot);
  const double upper = slot < nb ? b[slot] : b[nb - 1] + (b[nb - 1] - lower_of(nb - 1));
  return lower + (upper - lower) * values->Unit();
}

void SyntheticFamily::ObserveSummary(Series* s, Rng* values) const {
  const int64_t n = values->Range(1, spec_->observations_per_scrape_max);
  std::vector<double> seen;
  for (int64_t i = 0; i < n; i++) {
    const double v = Observe(values);
    seen.push_back(v);
    s->sum += v;
  }
  s->count += static_cast<uint64_t>(n);
  std::sort(seen.begin(), seen.end());
  for (size_t q = 0; q < std::size(kQuantilePermille); q++) {
    // Nearest rank: the smallest observation with at least q of them at or below it.
    int64_t rank = (kQuantilePermille[q] * n + 999) / 1000;
    rank = std::max<int64_t>(rank, 1);
    s->quantiles[q] = seen[static_cast<size_t>(rank - 1)];
  }
}

void SyntheticFamily::Advance(Rng* values, Rng* resets) {
  for (Series& s : series_) {
    if (kind_ != FamilyKind::kGauge && spec_->counter_reset_ppm > 0 &&
        resets->ChancePpm(spec_->counter_reset_ppm)) {
      s.counter = 0;
      std::fill(s.bucket_counts.begin(), s.bucket_counts.end(), 0);
      s.sum = 0;
      s.count = 0;
    }
    switch (kind_) {
      case FamilyKind::kCounter:
        s.counter += static_cast<uint64_t>(values->Range(0, spec_->counter_increment_max));
        break;
      case FamilyKind::kGauge:
        if (spec_->gauge_pattern == GaugePattern::kRandomWalk) {
          s.gauge_units += values->Range(-spec_->gauge_walk_step_max, spec_->gauge_walk_step_max);
        }
        break;
      case FamilyKind::kHistogram: {
        const int64_t n = values->Range(0, spec_->observations_per_scrape_max);
        const std::vector<double>& b = spec_->histogram_buckets;
        for (int64_t i = 0; i < n; i++) {
          const double v = Observe(values);
          // The first bound at or above v (le is inclusive); past all: +Inf.
          const auto j = static_cast<size_t>(std::lower_bound(b.begin(), b.end(), v) - b.begin());
          s.bucket_counts[j]++;
          s.sum += v;
        }
        s.count += static_cast<uint64_t>(n);
        break;
      }
      case FamilyKind::kSummary: ObserveSummary(&s, values); break;
    }
  }
}

std::optional<int> GaugeUnitScale(double unit) {
  // 1 / 10^k is the double nearest 10^-k, as the literal 0.01 is.
  double pow10 = 1;
  for (int k = 0; k <= 9; k++, pow10 *= 10) {
    if (unit == 1 / pow10) return k;
  }
  return std::nullopt;
}

int64_t SyntheticFamily::GaugeUnits(const Series& s, int64_t now_ms) const {
  if (spec_->gauge_pattern == GaugePattern::kRandomWalk) return s.gauge_units;
  const int64_t milli = SineMilli(now_ms + s.wave_phase_ms, spec_->gauge_wave_period_ms);
  return spec_->gauge_wave_center_units * 1000 + spec_->gauge_wave_amplitude_units * milli;  // in milli-units
}

void SyntheticFamily::RenderGauge(const Series& s, int64_t now_ms, ExpositionWriter* w) const {
  const int64_t units = GaugeUnits(s, now_ms);
  // A wave moves in thousandths of a unit.
  const int extra_scale = spec_->gauge_pattern == GaugePattern::kWave ? 3 : 0;
  if (gauge_scale_) {
    // A whole number of 10^-k: the value is that decimal, as an exporter
    // printing fixed-point numbers shows it (0.57, not 0.5700000000000001).
    w->SampleKeyDecimal(s.keys[0], units, *gauge_scale_ + extra_scale);
    return;
  }
  const double v = static_cast<double>(units) * spec_->gauge_unit;
  w->SampleKey(s.keys[0], extra_scale == 0 ? v : v / 1000.0);
}

std::string SyntheticFamily::WithLabel(const Series& s, const char* name,
                                       const std::string& value) const {
  std::string t = s.label_text;
  if (!t.empty()) t.push_back(',');
  t.append(name);
  t.append("=\"");
  t.append(value);
  t.push_back('"');
  return t;
}

size_t SyntheticFamily::SamplesPerSeries() const {
  switch (kind_) {
    case FamilyKind::kCounter:
    case FamilyKind::kGauge: return 1;
    case FamilyKind::kHistogram: return le_values_.size() + 2;
    case FamilyKind::kSummary: return std::size(kQuantilePermille) + 2;
  }
  return 0;
}

void SyntheticFamily::Render(int64_t now_ms, ExpositionWriter* w) const {
  w->Raw(header_);
  for (const Series& s : series_) {
    TSDB_ASSERT(s.keys.size() == SamplesPerSeries());
    const std::string* key = s.keys.data();
    switch (kind_) {
      case FamilyKind::kCounter:
        // Exact as a decimal below 10^15, as the double it stands for.
        if (s.counter < static_cast<uint64_t>(tsdb::db::kMaxDecimalMantissa)) {
          w->SampleKeyDecimal(*key, static_cast<int64_t>(s.counter), 0);
        } else {
          w->SampleKey(*key, static_cast<double>(s.counter));
        }
        break;
      case FamilyKind::kGauge: RenderGauge(s, now_ms, w); break;
      case FamilyKind::kHistogram: {
        uint64_t cumulative = 0;
        for (size_t j = 0; j < le_values_.size(); j++) {
          cumulative += s.bucket_counts[j];
          w->SampleKey(*key++, static_cast<double>(cumulative));
        }
        TSDB_ASSERT(cumulative == s.count);
        w->SampleKey(*key++, s.sum);
        w->SampleKey(*key, static_cast<double>(s.count));
        break;
      }
      case FamilyKind::kSummary:
        for (size_t q = 0; q < std::size(kQuantilePermille); q++) w->SampleKey(*key++, s.quantiles[q]);
        w->SampleKey(*key++, s.sum);
        w->SampleKey(*key, static_cast<double>(s.count));
        break;
    }
  }
}

std::vector<std::string> SyntheticFamily::KeysOf(const Series& s) const {
  std::vector<std::string> keys;
  auto key = [&](const std::string& name, const std::string& labels) {
    keys.push_back(labels.empty() ? name : name + "{" + labels + "}");
  };
  switch (kind_) {
    case FamilyKind::kCounter:
    case FamilyKind::kGauge: key(name_, s.label_text); break;
    case FamilyKind::kHistogram:
      for (const std::string& le : le_values_) key(name_ + "_bucket", WithLabel(s, "le", le));
      key(name_ + "_sum", s.label_text);
      key(name_ + "_count", s.label_text);
      break;
    case FamilyKind::kSummary:
      for (int64_t q : kQuantilePermille) {
        key(name_, WithLabel(s, "quantile", GoFloat(static_cast<double>(q) / 1000.0)));
      }
      key(name_ + "_sum", s.label_text);
      key(name_ + "_count", s.label_text);
      break;
  }
  return keys;
}

void SyntheticFamily::AppendSeriesKeys(std::vector<std::string>* out) const {
  for (const Series& s : series_) out->insert(out->end(), s.keys.begin(), s.keys.end());
}

}  // namespace tsdbsim
