#include "engine/chunks/head_chunk_stats.h"

#include <algorithm>
#include <set>

#include "engine/chunks/head_chunk_reader.h"
#include "engine/wlog/segments.h"

namespace tsdb::chunks {

Result<std::vector<HeadChunkFileStats>> InspectHeadChunks(Filesystem& fs, const std::string& dir) {
  std::vector<HeadChunkFileStats> out;
  auto entries = fs.List(dir);
  if (!entries.ok()) {
    if (entries.status().code() == StatusCode::kNotFound) return out;
    return entries.status();
  }
  for (const auto& e : *entries) {
    const int n = wlog::ParseIndex(e.name);
    if (n <= 0 || e.is_dir) continue;
    HeadChunkFileStats st;
    st.name = e.name;
    st.number = static_cast<uint32_t>(n);
    auto file = fs.MapReadOnly(JoinPath(dir, e.name));
    if (!file.ok()) {
      st.error = file.status().message();
      out.push_back(std::move(st));
      continue;
    }
    st.size_bytes = static_cast<int64_t>((*file)->data().size());
    std::set<uint64_t> series;
    const Status s = IterateHeadChunkFile((*file)->data(), st.number, [&](const HeadChunkEntry& c) -> Status {
      st.chunks++;
      st.samples += c.num_samples;
      series.insert(c.series_ref);
      st.min_time_ms = std::min(st.min_time_ms, c.mint);
      st.max_time_ms = std::max(st.max_time_ms, c.maxt);
      return {};
    });
    st.series = static_cast<int64_t>(series.size());
    if (!s.ok()) st.error = s.message();
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace tsdb::chunks
