#include "engine/wlog/segments.h"

#include <algorithm>
#include <cstdio>

#include "engine/wlog/wlog_format.h"

namespace tsdb::wlog {

std::string SegmentName(const std::string& dir, int index) {
  TSDB_ASSERT(index >= 0);
  char name[16];
  std::snprintf(name, sizeof(name), "%08d", index);
  return JoinPath(dir, name);
}

int ParseIndex(std::string_view s) {
  if (s.empty() || s.size() > 9) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

Result<std::vector<SegmentRef>> ListSegments(Filesystem& fs, const std::string& dir) {
  TSDB_ASSIGN_OR_RETURN(auto entries, fs.List(dir));
  std::vector<SegmentRef> refs;
  for (const auto& e : entries) {
    const int k = ParseIndex(e.name);
    if (k < 0 || e.is_dir) continue;
    refs.push_back({e.name, k});
  }
  std::sort(refs.begin(), refs.end(),
            [](const SegmentRef& a, const SegmentRef& b) { return a.index < b.index; });
  for (size_t i = 0; i + 1 < refs.size(); i++) {
    if (refs[i].index + 1 != refs[i + 1].index) {
      return Status::Corruption("segments are not sequential");
    }
  }
  return refs;
}

Result<SegmentRange> Segments(Filesystem& fs, const std::string& dir) {
  TSDB_ASSIGN_OR_RETURN(auto refs, ListSegments(fs, dir));
  if (refs.empty()) return SegmentRange{};
  return SegmentRange{refs.front().index, refs.back().index};
}

Result<std::vector<SegmentRef>> ListCheckpoints(Filesystem& fs, const std::string& dir) {
  TSDB_ASSIGN_OR_RETURN(auto entries, fs.List(dir));
  std::vector<SegmentRef> refs;
  const std::string_view prefix = kCheckpointPrefix;
  for (const auto& e : entries) {
    if (e.name.rfind(prefix, 0) != 0) continue;
    if (!e.is_dir) {
      return Status::Corruption("checkpoint " + e.name + " is not a directory");
    }
    const int k = ParseIndex(std::string_view(e.name).substr(prefix.size()));
    if (k < 0) continue;
    refs.push_back({e.name, k});
  }
  std::sort(refs.begin(), refs.end(),
            [](const SegmentRef& a, const SegmentRef& b) { return a.index < b.index; });
  return refs;
}

}  // namespace tsdb::wlog
