// The head side of chunk snapshots: writing a Head's series as 2.42 does,
// taking the snapshot at close, and loading one at Init.
#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "engine/head/chunk_snapshot.h"
#include "engine/head/head.h"
#include "engine/wlog/segments.h"

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
  auto stats = WriteChunkSnapshot(fs, data_dir, {wal_segment, wal_offset}, source, head.tombstones(),
                                  {}, options);
  if (stats.ok()) stats->series_with_chunk = with_chunk;
  return stats;
}

Result<ChunkSnapshotWriteStats> Head::TakeChunkSnapshot() {
  if (wal_ == nullptr || chunk_dir_root_.empty()) {
    // No WAL, no snapshot: there would be nothing to replay after it.
    return ChunkSnapshotWriteStats{.skipped = true};
  }
  Filesystem& fs = wal_->filesystem();
  auto range = wlog::Segments(fs, wal_->dir());
  if (!range.ok()) return range.status().Wrap("get last wal segment and offset").Wrap("chunk snapshot");
  auto stats = WriteChunkSnapshot(fs, chunk_dir_root_, *this, range->last, wal_->WriteOffset());
  if (!stats.ok()) return stats.status().Wrap("chunk snapshot");
  return stats;
}

void Head::ResetInMemoryState() {
  series_.Clear();
  chunk_totals_ = {};
  tombstones_ = {};
  deleted_.clear();
  min_time_ = std::numeric_limits<int64_t>::max();
  max_time_ = std::numeric_limits<int64_t>::min();
  last_wal_truncation_time_ = std::numeric_limits<int64_t>::min();
}

namespace {

Status SnapshotSeriesError(uint64_t ref, const std::string& what) {
  char prefix[64];
  std::snprintf(prefix, sizeof prefix, "series ref %" PRIu64 ": ", ref);
  return Status::Corruption(prefix + what);
}

}  // namespace

Status Head::LoadChunkSnapshot(ReplayStats* stats, std::unordered_map<uint64_t, MemSeries*>* from_snapshot,
                               SnapshotPosition* position) {
  // tsdbsim's head keeps no exemplars: their records are skipped undecoded,
  // as 2.42 does with exemplar storage off.
  auto snap = ReadChunkSnapshot(*replay_fs_, chunk_dir_root_, {.decode_exemplars = false});
  if (!snap.ok()) {
    if (snap.status().code() == StatusCode::kNotFound) return {};
    return snap.status();
  }
  for (SnapshotSeries& rec : snap->contents.series) {
    if (const MemSeries* same_ref = series_.GetByRef(rec.ref);
        same_ref != nullptr && same_ref->labels() != rec.labels) {
      return SnapshotSeriesError(rec.ref, "a second series under this ref: " + rec.labels.ToString());
    }
    auto [s, created] = GetOrCreateWithId(rec.ref, rec.labels.Hash(), rec.labels);
    last_series_id_ = std::max(last_series_id_, s->ref());
    (*from_snapshot)[rec.ref] = s;
    if (created) stats->snapshot_series++;
    if (!rec.head_chunk.has_value()) continue;
    const SnapshotChunk& c = *rec.head_chunk;
    if (c.encoding != static_cast<uint8_t>(chunkenc::Encoding::kXor)) {
      return SnapshotSeriesError(rec.ref, "head chunk encoding " + std::to_string(c.encoding) +
                                              " (tsdbsim's head holds XOR chunks only)");
    }
    auto chunk = chunkenc::XorChunk::FromBytes(c.data);
    if (!chunk.ok()) return SnapshotSeriesError(rec.ref, chunk.status().Wrap("chunk from data").message());
    const int samples = chunk->NumSamples();
    AccountChunks(*s, -1);
    s->RestoreSnapshotHeadChunk(HeadChunk{std::move(chunk).value(), c.mint, c.maxt}, rec.last_value_bits);
    AccountChunks(*s, 1);
    UpdateMinMaxTime(c.mint, c.maxt);
    stats->snapshot_head_chunks++;
    stats->snapshot_samples += samples;
  }
  for (const auto& [ref, intervals] : snap->contents.tombstones.by_ref()) {
    for (const tombstones::Interval& iv : intervals) tombstones_.AddInterval(ref, iv);
  }
  stats->snapshot_tombstones = static_cast<int64_t>(snap->contents.tombstones.Total());
  stats->snapshot_dir = snap->ref.dir;
  stats->snapshot_segment = snap->ref.position.segment;
  stats->snapshot_offset = snap->ref.position.offset;
  *position = snap->ref.position;
  return {};
}

}  // namespace tsdb::head
