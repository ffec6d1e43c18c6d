#include "engine/scrape/sample_labels.h"

#include "engine/base/utf8.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace tsdb::scrape {
namespace {

constexpr std::string_view kExportedPrefix = "exported_";

// Go's labels.Builder as 2.42 has it: the base pairs, names deleted and
// pairs added. Build() leaves out every base pair whose name was deleted or
// is added (all of them when the page repeats a name), and a name exposed
// with an empty value anywhere is deleted. So `m{a="",a="1"}` loses `a`
// altogether and `m{job="x",job="y"}` is left with the target's one job.
class PairSet {
 public:
  explicit PairSet(const Labels& base) : base_(base) {
    for (const Label& l : base) {
      if (l.value.empty()) deleted_.emplace_back(l.name);
    }
  }
  void Set(std::string_view name, std::string_view value) {
    if (value.empty()) {  // empty is the same as missing
      Delete(name);
      return;
    }
    for (auto& p : added_) {
      if (p.first == name) {
        p.second = value;
        return;
      }
    }
    added_.emplace_back(std::string(name), std::string(value));
  }
  Labels Build() const {
    LabelsBuilder b;
    for (const Label& l : base_) {
      if (!Deleted(l.name) && !Added(l.name)) b.Add(l.name, l.value);
    }
    for (const auto& [n, v] : added_) b.Add(n, v);
    b.Sort();
    return b.Build();
  }

 private:
  void Delete(std::string_view name) {
    std::erase_if(added_, [&](const auto& p) { return p.first == name; });
    deleted_.emplace_back(name);
  }
  bool Deleted(std::string_view name) const {
    return std::find(deleted_.begin(), deleted_.end(), name) != deleted_.end();
  }
  bool Added(std::string_view name) const {
    return std::any_of(added_.begin(), added_.end(), [&](const auto& p) { return p.first == name; });
  }

  const Labels& base_;
  std::vector<std::string> deleted_;
  std::vector<std::pair<std::string, std::string>> added_;
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

Status CheckSampleLabels(const Labels& lset) {
  if (!lset.Has(kMetricNameLabel)) return Status::InvalidArgument("missing metric name (__name__ label)");
  if (!LabelsValid(lset)) {
    return Status::InvalidArgument("invalid metric name or label names: " + lset.ToString());
  }
  return Status::Ok();
}

}  // namespace tsdb::scrape
