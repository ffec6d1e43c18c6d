#include "engine/block/tombstones_file.h"

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>

#include "engine/base/crc32c.h"
#include "engine/block/block_format.h"

namespace tsdb::tombstones {
namespace {

Status Corrupt(const std::string& path, uint64_t offset, const std::string& what) {
  return Status::Corruption("tombstones " + path + " at offset " + std::to_string(offset) + ": " +
                            what);
}

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%" PRIx32, v);
  return buf;
}

}  // namespace

void AddInterval(Intervals* in, Interval n) {
  // First interval that ends at or after the timestamp before n starts; for
  // n starting at INT64_MIN that is the first interval, as in 2.42, which
  // skips the search there rather than overflow.
  auto first = in->begin();
  if (n.min_time != INT64_MIN) {
    const int64_t lo = n.min_time - 1;
    first = std::partition_point(in->begin(), in->end(),
                                 [&](const Interval& x) { return x.max_time < lo; });
    if (first == in->end()) {
      in->push_back(n);
      return;
    }
  }
  // Then the first one that starts past the timestamp after n ends; for n
  // ending at INT64_MAX, none.
  auto last = in->end();
  if (n.max_time != INT64_MAX) {
    const int64_t hi = n.max_time + 1;
    last = std::partition_point(first, in->end(),
                                [&](const Interval& x) { return x.min_time <= hi; });
    if (last == first) {
      in->insert(first, n);
      return;
    }
  }
  if (first == last) {  // only when `in` is empty
    in->push_back(n);
    return;
  }
  first->min_time = std::min(first->min_time, n.min_time);
  first->max_time = std::max((last - 1)->max_time, n.max_time);
  in->erase(first + 1, last);
}

void MemTombstones::AddInterval(uint64_t series_ref, Interval iv) {
  tombstones::AddInterval(&by_ref_[series_ref], iv);
}

const Intervals& MemTombstones::Get(uint64_t series_ref) const {
  static const Intervals kNone;
  const auto it = by_ref_.find(series_ref);
  return it == by_ref_.end() ? kNone : it->second;
}

uint64_t MemTombstones::Total() const {
  uint64_t n = 0;
  for (const auto& [ref, ivs] : by_ref_) n += ivs.size();
  return n;
}

Bytes EncodeTombstonesFile(const MemTombstones& t) {
  Encbuf b;
  b.PutBE32(kTombstonesMagic);
  b.PutByte(kTombstonesFormatV1);
  for (const auto& [ref, ivs] : t.by_ref()) {
    for (const Interval& iv : ivs) {
      b.PutUvarint(ref);
      b.PutVarint(iv.min_time);
      b.PutVarint(iv.max_time);
    }
  }
  // The CRC covers the entries but not the version byte.
  const uint32_t crc = Crc32c(ByteView(b.bytes()).subspan(kTombstonesHeaderSizeBytes));
  b.PutBE32(crc);
  return std::move(b.mutable_bytes());
}

Result<MemTombstones> DecodeTombstonesFile(ByteView file, const std::string& path) {
  if (file.size() < kTombstonesHeaderSizeBytes + kTombstonesCrcSizeBytes) {
    return Corrupt(path, 0, "tombstones header: invalid size (" + std::to_string(file.size()) +
                                " bytes)");
  }
  if (const uint32_t magic = GetBE32(file.data()); magic != kTombstonesMagic) {
    return Corrupt(path, 0, "invalid magic number " + Hex(magic));
  }
  const size_t crc_at = file.size() - kTombstonesCrcSizeBytes;
  const ByteView entries = file.subspan(kTombstonesHeaderSizeBytes, crc_at - kTombstonesHeaderSizeBytes);
  const uint32_t want = GetBE32(file.data() + crc_at);
  if (const uint32_t got = Crc32c(entries); want != got) {
    return Corrupt(path, crc_at, "checksum did not match (stored " + Hex(want) + ", computed " +
                                     Hex(got) + ")");
  }
  if (const uint8_t v = file[4]; v != kTombstonesFormatV1) {
    return Corrupt(path, 4, "invalid tombstone format " + Hex(v));
  }
  MemTombstones t;
  Decbuf d(entries);
  while (d.remaining() > 0) {
    const uint64_t at = kTombstonesHeaderSizeBytes + (entries.size() - d.remaining());
    const uint64_t ref = d.Uvarint();
    const int64_t mint = d.Varint();
    const int64_t maxt = d.Varint();
    if (!d.ok()) return Corrupt(path, at, std::string("tombstone entry: ") + d.err());
    t.AddInterval(ref, {mint, maxt});
  }
  return t;
}

Result<MemTombstones> ReadTombstonesFile(Filesystem& fs, const std::string& block_dir) {
  const std::string path = JoinPath(block_dir, std::string(block::kTombstonesFilename));
  Result<Bytes> data = ReadWholeFile(fs, path);
  if (!data.ok()) {
    if (data.status().code() == StatusCode::kNotFound) return MemTombstones();
    return data.status();
  }
  return DecodeTombstonesFile(*data, path);
}

Result<uint64_t> WriteTombstonesFile(Filesystem& fs, const std::string& block_dir,
                                     const MemTombstones& t) {
  const std::string path = JoinPath(block_dir, std::string(block::kTombstonesFilename));
  const std::string tmp = path + ".tmp";
  const Bytes file = EncodeTombstonesFile(t);
  Status s = WriteWholeFile(fs, tmp, file, /*sync=*/true);
  if (s.ok()) s = fs.Rename(tmp, path);
  if (s.ok()) s = fs.SyncDir(block_dir);
  if (!s.ok()) {
    (void)fs.RemoveAll(tmp);
    return s;
  }
  return file.size();
}

}  // namespace tsdb::tombstones
