#include "sim/targets/synthetic_target_spec.h"

#include <cmath>
#include <cstdint>
#include <string_view>

namespace tsdbsim {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// Label names: [a-zA-Z_][a-zA-Z0-9_]*. Metric names also allow ':'.
bool ValidName(std::string_view s, bool metric) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); i++) {
    const char c = s[i];
    const bool ok = (i == 0 ? IsNameStart(c) : IsNameChar(c)) || (metric && c == ':');
    if (!ok) return false;
  }
  return true;
}

// The text format requires label values to be valid UTF-8.
bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07u;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; k++) {
      if (i + k >= s.size()) return false;
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3Fu);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += n + 1;
  }
  return true;
}

tsdb::Status Bad(const std::string& what) {
  return tsdb::Status::InvalidArgument("synthetic target: " + what);
}

}  // namespace

tsdb::Status ValidateSpec(const SyntheticTargetSpec& s) {
  if (s.address.empty()) return Bad("empty address");
  if (!ValidName(s.metric_prefix, true)) return Bad("invalid metric prefix \"" + s.metric_prefix + "\"");
  if (s.counters < 0 || s.gauges < 0 || s.histograms < 0 || s.summaries < 0) {
    return Bad("negative family count");
  }
  if (s.series_per_family < 1) return Bad("series_per_family must be at least 1");
  if (!ValidName(s.series_label, false) || s.series_label.starts_with("__") ||
      s.series_label == "le" || s.series_label == "quantile") {
    return Bad("invalid series label name \"" + s.series_label + "\"");
  }
  for (const auto& [name, value] : s.extra_labels) {
    if (!ValidName(name, false) || name.starts_with("__") || name == "le" || name == "quantile" ||
        name == s.series_label) {
      return Bad("invalid extra label name \"" + name + "\"");
    }
  }
  for (const auto& [name, value] : s.extra_labels) {
    if (!ValidUtf8(value)) return Bad("extra label \"" + name + "\" has a value that is not UTF-8");
  }
  for (size_t i = 0; i < s.extra_labels.size(); i++) {
    for (size_t j = i + 1; j < s.extra_labels.size(); j++) {
      if (s.extra_labels[i].first == s.extra_labels[j].first) {
        return Bad("extra label \"" + s.extra_labels[i].first + "\" given twice");
      }
    }
  }
  for (size_t i = 0; i < s.histogram_buckets.size(); i++) {
    if (!std::isfinite(s.histogram_buckets[i])) return Bad("histogram bucket bounds must be finite");
    if (i > 0 && !(s.histogram_buckets[i - 1] < s.histogram_buckets[i])) {
      return Bad("histogram buckets must be strictly increasing");
    }
  }
  if (s.observations_per_scrape_max < 1) return Bad("observations_per_scrape_max must be at least 1");
  if (s.churn_ppm > 1'000'000 || s.counter_reset_ppm > 1'000'000 || s.timeout_ppm > 1'000'000 ||
      s.http_error_ppm > 1'000'000 || s.malformed_ppm > 1'000'000) {
    return Bad("a ppm probability above 1000000");
  }
  if (s.counter_increment_max < 0) return Bad("counter_increment_max must not be negative");
  if (!std::isfinite(s.gauge_unit) || s.gauge_unit == 0) return Bad("gauge_unit must be finite and non-zero");
  if (s.gauge_walk_step_max < 0) return Bad("gauge_walk_step_max must not be negative");
  if (s.gauge_wave_period_ms <= 0) return Bad("gauge_wave_period_ms must be positive");
  if (s.latency_ms < 0 || s.latency_jitter_ms < 0 || s.timeout_latency_ms < 0) {
    return Bad("latencies must not be negative");
  }
  if (s.http_error_status < 400 || s.http_error_status > 599) {
    return Bad("http_error_status must be a 4xx or 5xx code");
  }
  for (const DownWindow& w : s.down) {
    if (w.until_ms < w.from_ms) return Bad("down window ends before it starts");
  }
  return {};
}

}  // namespace tsdbsim
