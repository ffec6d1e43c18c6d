// Tombstones (type 3) and mmap markers (type 5): fixed-shape per-series entries.
#include "engine/record/record.h"
#include "engine/record/record_internal.h"

namespace tsdb::record {

using namespace internal;  // NOLINT: this file's helpers

void EncodeTombstones(std::span<const Stone> stones, Bytes* out) {
  AppendByte(out, static_cast<uint8_t>(Type::kTombstones));
  for (const Stone& s : stones) {
    AppendBE64(out, s.ref);
    AppendVarint(out, s.mint);
    AppendVarint(out, s.maxt);
  }
}

Status DecodeTombstones(ByteView rec, std::vector<Stone>* out) {
  if (GetType(rec) != Type::kTombstones) return InvalidRecordType();
  Decbuf dec(rec.subspan(format::kTypeBytes));
  const size_t old_size = out->size();
  while (dec.remaining() > 0) {
    Stone s;
    s.ref = dec.BE64();
    s.mint = dec.Varint();
    s.maxt = dec.Varint();
    if (!dec.ok()) return Rollback(out, old_size, InvalidSize());
    out->push_back(s);
  }
  return Status::Ok();
}

void EncodeMmapMarkers(std::span<const RefMmapMarker> markers, Bytes* out) {
  AppendByte(out, static_cast<uint8_t>(Type::kMmapMarkers));
  for (const RefMmapMarker& m : markers) {
    AppendBE64(out, m.ref);
    AppendBE64(out, m.mmap_ref);
  }
}

Status DecodeMmapMarkers(ByteView rec, std::vector<RefMmapMarker>* out) {
  if (GetType(rec) != Type::kMmapMarkers) return InvalidRecordType();
  Decbuf dec(rec.subspan(format::kTypeBytes));
  const size_t old_size = out->size();
  Reserve(out, dec.remaining() / format::kMmapMarkerEntryBytes);
  while (dec.remaining() > 0) {
    RefMmapMarker m;
    m.ref = dec.BE64();
    m.mmap_ref = dec.BE64();
    if (!dec.ok()) {
      const size_t n = out->size() - old_size + 1;  // the cut entry counts
      return Rollback(out, old_size, DecodeErrorAfter(n, "mmap markers"));
    }
    out->push_back(m);
  }
  return Status::Ok();
}

}  // namespace tsdb::record
