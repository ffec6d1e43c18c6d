// The head side of chunk snapshots: writing a Head's series as 2.42 does.
#include <algorithm>

#include "engine/head/chunk_snapshot.h"
#include "engine/head/head.h"

namespace tsdb::head {

namespace sf = snapshot_format;

Result<ChunkSnapshotWriteStats> WriteChunkSnapshot(Filesystem& fs, const std::string& data_dir,
                                                   const Head& head, int wal_segment,
                                                   int64_t wal_offset) {
  // 2.42 walks its series stripes in order (stripe = ref mod stripe size),
  // each stripe's map in Go's random order; ref order inside a stripe makes
  // the same head give the same bytes.
  std::vector<const MemSeries*> all;
  all.reserve(head.NumSeries());
  head.series().ForEach([&](const MemSeries& s) { all.push_back(&s); });
  std::sort(all.begin(), all.end(), [](const MemSeries* a, const MemSeries* b) {
    const uint64_t sa = a->ref() % sf::kStripeSize;
    const uint64_t sb = b->ref() % sf::kStripeSize;
    return sa != sb ? sa < sb : a->ref() < b->ref();
  });
  size_t next = 0;
  int64_t with_chunk = 0;
  SnapshotSeries rec;
  const SnapshotSeriesSource source = [&](Bytes* out) {
    if (next == all.size()) return false;
    const MemSeries& s = *all[next++];
    rec.ref = s.ref();
    rec.labels = s.labels();
    rec.head_chunk.reset();
    rec.last_value_bits = 0;
    if (const HeadChunk* c = s.head_chunk(); c != nullptr) {
      const ByteView data = c->chunk.bytes();
      rec.head_chunk = SnapshotChunk{c->mint, c->maxt, static_cast<uint8_t>(chunkenc::Encoding::kXor),
                                     Bytes(data.begin(), data.end())};
      rec.last_value_bits = s.last_value_bits();
      with_chunk++;
    }
    EncodeSnapshotSeries(rec, out);
    return true;
  };
  const wlog::Wal* wal = head.wal();
  const ChunkSnapshotWriteOptions options{.compress = wal != nullptr && wal->options().compress};
  auto stats = WriteChunkSnapshot(fs, data_dir, {wal_segment, wal_offset}, source,
                                  tombstones::MemTombstones{}, {}, options);
  if (stats.ok()) stats->series_with_chunk = with_chunk;
  return stats;
}

}  // namespace tsdb::head
