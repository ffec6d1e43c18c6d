#include "engine/index/series_codec.h"

namespace tsdb::index {
namespace {

// Timestamps and refs are deltas taken with Go's wrapping int64 arithmetic;
// doing them on uint64 gives the same bits without signed-overflow UB.
inline uint64_t Diff(int64_t a, int64_t b) {
  return static_cast<uint64_t>(a) - static_cast<uint64_t>(b);
}
inline int64_t Add(int64_t a, uint64_t delta) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + delta);
}

}  // namespace

void EncodeSeriesContent(std::span<const LabelRef> labels, std::span<const ChunkMeta> chunks,
                         Encbuf* out) {
  out->PutUvarint(labels.size());
  for (const LabelRef& l : labels) {
    out->PutUvarint(l.name);
    out->PutUvarint(l.value);
  }
  out->PutUvarint(chunks.size());
  if (chunks.empty()) return;

  const ChunkMeta& first = chunks[0];
  out->PutVarint(first.min_time);
  out->PutUvarint(Diff(first.max_time, first.min_time));
  out->PutUvarint(first.ref);
  int64_t prev_maxt = first.max_time;
  uint64_t prev_ref = first.ref;
  for (const ChunkMeta& c : chunks.subspan(1)) {
    out->PutUvarint(Diff(c.min_time, prev_maxt));
    out->PutUvarint(Diff(c.max_time, c.min_time));
    out->PutVarint(static_cast<int64_t>(c.ref - prev_ref));
    prev_maxt = c.max_time;
    prev_ref = c.ref;
  }
}

const char* DecodeSeriesContent(ByteView content, std::vector<LabelRef>* labels,
                                std::vector<ChunkMeta>* chunks) {
  labels->clear();
  chunks->clear();
  Decbuf d(content);

  const uint64_t nlabels = d.Uvarint();
  // Each pair takes at least two bytes: a count beyond that is corrupt, and
  // checking it first keeps a bad count from reserving gigabytes.
  if (d.ok() && nlabels > d.remaining() / 2) return "invalid label count";
  for (uint64_t i = 0; i < nlabels && d.ok(); i++) {
    LabelRef l;
    l.name = d.Uvarint();
    l.value = d.Uvarint();
    labels->push_back(l);
  }

  const uint64_t nchunks = d.Uvarint();
  if (d.ok() && nchunks > d.remaining() / 3) return "invalid chunk count";
  if (d.ok() && nchunks > 0) {
    ChunkMeta c;
    c.min_time = d.Varint();
    c.max_time = Add(c.min_time, d.Uvarint());
    c.ref = d.Uvarint();
    chunks->push_back(c);
    for (uint64_t i = 1; i < nchunks && d.ok(); i++) {
      const ChunkMeta prev = c;
      c.min_time = Add(prev.max_time, d.Uvarint());
      c.max_time = Add(c.min_time, d.Uvarint());
      c.ref = prev.ref + static_cast<uint64_t>(d.Varint());
      chunks->push_back(c);
    }
  }
  // Like 2.42, bytes after the last chunk meta are ignored: the CRC matched,
  // so they were written that way.
  return d.ok() ? nullptr : d.err();
}

}  // namespace tsdb::index
