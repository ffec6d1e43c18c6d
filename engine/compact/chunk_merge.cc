#include "engine/compact/chunk_merge.h"

#include <algorithm>
#include <map>

#include "engine/chunkenc/chunk.h"
#include "engine/chunkenc/xor.h"

namespace tsdb::compact {

namespace {

using block::ChunkData;

bool TouchesDeleted(const tombstones::Intervals& ivs, const ChunkData& c) {
  return std::any_of(ivs.begin(), ivs.end(), [&](const tombstones::Interval& iv) {
    return iv.min_time <= c.max_time && iv.max_time >= c.min_time;
  });
}

Status NotXor(const ChunkData& c) {
  return Status::InvalidArgument("chunk [" + std::to_string(c.min_time) + "," + std::to_string(c.max_time) +
                                 "] has encoding " + std::to_string(c.encoding) +
                                 ", only XOR chunks can be cut or merged");
}

// Encodes samples (time order) into chunks of at most `per_chunk`.
std::vector<ChunkData> Encode(const std::vector<std::pair<int64_t, uint64_t>>& samples, int per_chunk,
                              ChunkArena* arena) {
  std::vector<ChunkData> out;
  chunkenc::XorChunk chunk;
  int64_t first = 0;
  int64_t last = 0;
  auto flush = [&] {
    if (chunk.NumSamples() == 0) return;
    const ByteView b = chunk.bytes();
    out.push_back({.min_time = first, .max_time = last, .encoding = 1, .data = arena->Keep(Bytes(b.begin(), b.end()))});
    chunk.Reset();
  };
  for (const auto& [t, v_bits] : samples) {
    if (chunk.NumSamples() == per_chunk) flush();
    if (chunk.NumSamples() == 0) first = t;
    chunk.Append(t, std::bit_cast<double>(v_bits));
    last = t;
  }
  flush();
  return out;
}

// Appends the samples of c that pass `keep` to out.
template <typename Keep>
Status Decode(const ChunkData& c, Keep keep, std::vector<std::pair<int64_t, uint64_t>>* out) {
  chunkenc::XorIterator it(c.data);
  while (it.Next()) {
    if (keep(it.t())) out->emplace_back(it.t(), it.v_bits());
  }
  return it.status();
}

bool SameChunk(const ChunkData& a, const ChunkData& b) {
  return a.min_time == b.min_time && a.max_time == b.max_time && a.encoding == b.encoding &&
         std::equal(a.data.begin(), a.data.end(), b.data.begin(), b.data.end());
}

}  // namespace

Result<std::vector<ChunkData>> TrimChunk(const ChunkData& c, int64_t mint, int64_t maxt,
                                         const tombstones::Intervals& deleted, ChunkArena* arena) {
  if (c.max_time < mint || c.min_time > maxt) return std::vector<ChunkData>{};
  const bool inside = c.min_time >= mint && c.max_time <= maxt;
  if (inside && !TouchesDeleted(deleted, c)) return std::vector<ChunkData>{c};
  if (!chunkenc::IsXorEncoding(c.encoding)) return NotXor(c);
  std::vector<std::pair<int64_t, uint64_t>> samples;
  TSDB_RETURN_IF_ERROR(Decode(
      c, [&](int64_t t) { return t >= mint && t <= maxt && !tombstones::IsDeleted(deleted, t); }, &samples));
  // A cut chunk stays one chunk, however many samples it had.
  return Encode(samples, 65535, arena);
}

Result<std::vector<ChunkData>> MergeChunks(std::vector<std::vector<ChunkData>> per_block, ChunkArena* arena) {
  std::vector<ChunkData> all;
  for (auto& chunks : per_block) all.insert(all.end(), chunks.begin(), chunks.end());
  // Oldest first by (minTime, maxTime); ties keep block order.
  std::stable_sort(all.begin(), all.end(), [](const ChunkData& a, const ChunkData& b) {
    return a.min_time != b.min_time ? a.min_time < b.min_time : a.max_time < b.max_time;
  });
  std::vector<ChunkData> out;
  for (size_t i = 0; i < all.size();) {
    std::vector<ChunkData> group = {all[i]};
    int64_t max_ms = all[i].max_time;
    size_t j = i + 1;
    for (; j < all.size() && all[j].min_time <= max_ms; j++) {
      if (SameChunk(all[j], group.back())) continue;
      group.push_back(all[j]);
      max_ms = std::max(max_ms, all[j].max_time);
    }
    i = j;
    if (group.size() == 1) {
      out.push_back(group[0]);
      continue;
    }
    // One sample per timestamp: the first chunk (in the order above) that
    // holds it wins.
    std::map<int64_t, uint64_t> merged;
    for (const ChunkData& c : group) {
      if (!chunkenc::IsXorEncoding(c.encoding)) return NotXor(c);
      std::vector<std::pair<int64_t, uint64_t>> samples;
      TSDB_RETURN_IF_ERROR(Decode(c, [](int64_t) { return true; }, &samples));
      for (const auto& [t, v] : samples) merged.emplace(t, v);
    }
    const std::vector<std::pair<int64_t, uint64_t>> flat(merged.begin(), merged.end());
    for (ChunkData& c : Encode(flat, kMergedSamplesPerChunk, arena)) out.push_back(c);
  }
  return out;
}

}  // namespace tsdb::compact
