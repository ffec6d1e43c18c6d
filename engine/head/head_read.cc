#include "engine/head/head_read.h"

#include <algorithm>

#include "engine/chunkenc/xor.h"
#include "engine/head/head.h"

namespace tsdb::head {

namespace {

// Keeps only the samples of chunk in [mint, maxt]; false if none remain.
Result<bool> Trim(ChunkData* chunk, int64_t mint, int64_t maxt) {
  if (chunk->mint >= mint && chunk->maxt <= maxt) return true;
  chunkenc::XorChunk out;
  int64_t first = 0, last = 0;
  chunkenc::XorIterator it(chunk->data);
  while (it.Next()) {
    if (it.t() < mint || it.t() > maxt) continue;
    if (out.NumSamples() == 0) first = it.t();
    last = it.t();
    out.Append(it.t(), it.v());
  }
  TSDB_RETURN_IF_ERROR(it.status());
  if (out.NumSamples() == 0) return false;
  chunk->mint = first;
  chunk->maxt = last;
  chunk->data.assign(out.bytes().begin(), out.bytes().end());
  return true;
}

Status CollectChunks(const Head& head, const MemSeries& s, int64_t mint, int64_t maxt,
                     std::vector<ChunkData>* out) {
  out->clear();
  for (const MmappedChunk& m : s.mmapped_chunks()) {
    if (m.maxt < mint || m.mint > maxt) continue;
    ChunkData c{m.mint, m.maxt, {}};
    TSDB_ASSERT(head.chunk_disk_mapper() != nullptr);
    TSDB_RETURN_IF_ERROR(head.chunk_disk_mapper()->ReadChunk(m.ref, &c.data));
    out->push_back(std::move(c));
  }
  if (const HeadChunk* h = s.head_chunk(); h != nullptr && h->chunk.NumSamples() > 0) {
    if (h->maxt >= mint && h->mint <= maxt) {
      ByteView b = h->chunk.bytes();
      out->push_back({h->mint, h->maxt, Bytes(b.begin(), b.end())});
    }
  }
  std::vector<ChunkData> kept;
  for (auto& c : *out) {
    TSDB_ASSIGN_OR_RETURN(const bool any, Trim(&c, mint, maxt));
    if (any) kept.push_back(std::move(c));
  }
  *out = std::move(kept);
  return {};
}

}  // namespace

Status ForEachSeriesInRange(const Head& head, int64_t mint, int64_t maxt,
                            const std::function<Status(const Labels&, std::vector<ChunkData>&)>& fn) {
  std::vector<const MemSeries*> all;
  head.series().ForEach([&](MemSeries& s) {
    if (s.HasChunks() && s.MaxTime() >= mint && s.MinTime() <= maxt) all.push_back(&s);
  });
  std::sort(all.begin(), all.end(), [](const MemSeries* a, const MemSeries* b) {
    return a->labels().Compare(b->labels()) < 0;
  });
  std::vector<ChunkData> chunks;
  for (const MemSeries* s : all) {
    TSDB_RETURN_IF_ERROR(CollectChunks(head, *s, mint, maxt, &chunks));
    if (chunks.empty()) continue;
    TSDB_RETURN_IF_ERROR(fn(s->labels(), chunks));
  }
  return {};
}

}  // namespace tsdb::head
