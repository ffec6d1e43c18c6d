#include "engine/scrape/sample_labels.h"

#include "engine/base/utf8.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace tsdb::scrape {
namespace {

constexpr std::string_view kExportedPrefix = "exported_";

// A tiny label builder with Go's labels.Builder semantics: Set replaces,
// and a label set to "" is left out.
class PairSet {
 public:
  explicit PairSet(const Labels& base) {
    for (const Label& l : base) pairs_.emplace_back(std::string(l.name), std::string(l.value));
  }
  void Set(std::string_view name, std::string_view value) {
    for (auto& p : pairs_) {
      if (p.first == name) {
        p.second = value;
        return;
      }
    }
    pairs_.emplace_back(std::string(name), std::string(value));
  }
  Labels Build() const {
    LabelsBuilder b;
    for (const auto& [n, v] : pairs_) {
      if (!v.empty()) b.Add(n, v);
    }
    b.Sort();
    return b.Build();
  }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

bool IsNameChar(char c, bool first, bool allow_colon) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  if (alpha || (allow_colon && c == ':')) return true;
  return !first && c >= '0' && c <= '9';
}

bool ValidName(std::string_view s, bool allow_colon) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); i++) {
    if (!IsNameChar(s[i], i == 0, allow_colon)) return false;
  }
  return true;
}

}  // namespace

Labels MutateSampleLabels(const Labels& exposed, const Labels& target, bool honor_labels) {
  PairSet out(exposed);
  if (honor_labels) {
    for (const Label& l : target) {
      if (!exposed.Has(l.name)) out.Set(l.name, l.value);
    }
    return out.Build();
  }
  std::vector<std::pair<std::string, std::string>> clashes;
  for (const Label& l : target) {
    const std::string_view existing = exposed.Get(l.name);
    if (!existing.empty()) clashes.emplace_back(std::string(l.name), std::string(existing));
    out.Set(l.name, l.value);
  }
  // Shorter names pick their exported_ name first.
  std::stable_sort(clashes.begin(), clashes.end(),
                   [](const auto& a, const auto& b) { return a.first.size() < b.first.size(); });
  for (size_t i = 0; i < clashes.size(); i++) {
    std::string name = clashes[i].first;
    for (;;) {
      name = std::string(kExportedPrefix) + name;
      const bool taken_earlier = std::any_of(clashes.begin(), clashes.begin() + static_cast<long>(i),
                                             [&](const auto& c) { return c.first == name; });
      if (!exposed.Has(name) && !target.Has(name) && !taken_earlier) break;
    }
    clashes[i].first = name;
  }
  for (const auto& [n, v] : clashes) out.Set(n, v);
  return out.Build();
}

Labels MutateReportSampleLabels(const Labels& lset, const Labels& target) {
  PairSet out(lset);
  for (const Label& l : target) {
    out.Set(std::string(kExportedPrefix) + std::string(l.name), lset.Get(l.name));
    out.Set(l.name, l.value);
  }
  return out.Build();
}

bool IsValidMetricName(std::string_view name) { return ValidName(name, true); }
bool IsValidLabelName(std::string_view name) { return ValidName(name, false); }

bool LabelsValid(const Labels& lset) {
  for (const Label& l : lset) {
    if (l.name == kMetricNameLabel) {
      if (!IsValidMetricName(l.value)) return false;
    } else if (!IsValidLabelName(l.name)) {
      return false;
    }
    if (FindInvalidUtf8(l.value) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace tsdb::scrape
