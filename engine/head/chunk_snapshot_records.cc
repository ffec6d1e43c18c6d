// The three chunk snapshot records (SNAPSHOT_FORMAT.md): series with their
// head chunk, the tombstones, exemplar batches.
#include <bit>
#include <cstdio>

#include "engine/head/chunk_snapshot.h"

namespace tsdb::head {

namespace sf = snapshot_format;

namespace {

// Encbuf over the caller's buffer: records are appended to *out in place.
class Appender {
 public:
  explicit Appender(Bytes* out) : out_(out) { buf_.mutable_bytes().swap(*out_); }
  ~Appender() { buf_.mutable_bytes().swap(*out_); }
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  Encbuf* operator->() { return &buf_; }

 private:
  Bytes* out_;
  Encbuf buf_;
};

// 2.42 prints the unexpected type byte with %x.
Status InvalidRecordType(uint8_t got) {
  char msg[48];
  std::snprintf(msg, sizeof msg, "invalid record type %x", got);
  return Status::Corruption(msg);
}

// Go's Decbuf calls every failed read "invalid size" (ours says "invalid
// uvarint" for varints; the records never forward that).
Status InvalidSize() { return Status::Corruption("invalid size"); }

}  // namespace

void EncodeSnapshotSeries(const SnapshotSeries& s, Bytes* out) {
  Appender b(out);
  b->PutByte(static_cast<uint8_t>(sf::RecordType::kSeries));
  b->PutBE64(s.ref);
  b->PutUvarint(s.labels.size());
  b->PutBytes(s.labels.EncodedPairs());
  b->PutBE64(0);  // where older versions kept the chunk range
  if (!s.head_chunk.has_value()) {
    b->PutUvarint(sf::kNoHeadChunk);
    return;
  }
  const SnapshotChunk& c = *s.head_chunk;
  b->PutUvarint(sf::kHasHeadChunk);
  b->PutBE64(static_cast<uint64_t>(c.mint));
  b->PutBE64(static_cast<uint64_t>(c.maxt));
  b->PutByte(c.encoding);
  b->PutUvarint(c.data.size());
  b->PutBytes(c.data);
  // Three empty (t, v) slots, then one with t = 0 and the last value.
  for (int i = 0; i < sf::kLegacySampleSlots - 1; i++) {
    b->PutBE64(0);
    b->PutBE64(0);
  }
  b->PutBE64(0);
  b->PutBE64(s.last_value_bits);
}

Status DecodeSnapshotSeries(ByteView rec, SnapshotSeries* out) {
  Decbuf dec(rec);
  const uint8_t type = dec.Byte();
  if (type != static_cast<uint8_t>(sf::RecordType::kSeries)) return InvalidRecordType(type);
  SnapshotSeries s;
  s.ref = dec.BE64();
  const uint64_t nlabels = dec.Uvarint();
  // 2.42 reads on past a failed read and decodes what it got; a record cut
  // short is reported here instead (a CRC-checked record never is).
  if (!dec.ok() || nlabels > INT64_MAX) return InvalidSize();
  if (!Labels::DecodePairs(&dec, static_cast<size_t>(nlabels), &s.labels)) return InvalidSize();
  (void)dec.BE64();  // the old chunk range
  const uint64_t has_chunk = dec.Uvarint();
  if (dec.ok() && has_chunk != sf::kNoHeadChunk) {
    SnapshotChunk c;
    c.mint = static_cast<int64_t>(dec.BE64());
    c.maxt = static_cast<int64_t>(dec.BE64());
    c.encoding = dec.Byte();
    const uint64_t len = dec.Uvarint();
    if (dec.ok() && len > dec.remaining()) return InvalidSize();
    const ByteView data = dec.Take(static_cast<size_t>(len));
    c.data.assign(data.begin(), data.end());
    for (int i = 0; i < sf::kLegacySampleSlots - 1; i++) dec.Skip(sf::kLegacySlotBytes);
    (void)dec.BE64();
    s.last_value_bits = dec.BE64();
    s.head_chunk = std::move(c);
  }
  if (!dec.ok()) {
    // 2.42's wording: leftover bytes at the failed read, or the read error.
    if (dec.remaining() > 0) {
      return Status::Corruption("unexpected " + std::to_string(dec.remaining()) +
                                " bytes left in entry");
    }
    return InvalidSize();
  }
  // Bytes after the last value are not looked at, as in 2.42.
  *out = std::move(s);
  return Status::Ok();
}

void EncodeSnapshotTombstones(const tombstones::MemTombstones& t, Bytes* out) {
  Encbuf body;
  body.PutByte(sf::kTombstonesFormatV1);
  for (const auto& [ref, intervals] : t.by_ref()) {
    for (const tombstones::Interval& iv : intervals) {
      body.PutUvarint(ref);
      body.PutVarint(iv.min_time);
      body.PutVarint(iv.max_time);
    }
  }
  Appender b(out);
  b->PutByte(static_cast<uint8_t>(sf::RecordType::kTombstones));
  b->PutUvarint(body.size());
  b->PutBytes(body.bytes());
}

Status DecodeSnapshotTombstones(ByteView rec, tombstones::MemTombstones* out) {
  Decbuf dec(rec);
  const uint8_t type = dec.Byte();
  if (type != static_cast<uint8_t>(sf::RecordType::kTombstones)) return InvalidRecordType(type);
  const uint64_t len = dec.Uvarint();
  if (!dec.ok() || len > dec.remaining()) return InvalidSize().Wrap("decode tombstones");
  Decbuf body(dec.Take(static_cast<size_t>(len)));
  const uint8_t version = body.Byte();
  if (version != sf::kTombstonesFormatV1) {
    char msg[48];
    std::snprintf(msg, sizeof msg, "invalid tombstone format %x", version);
    return Status::Corruption(msg).Wrap("decode tombstones");
  }
  tombstones::MemTombstones decoded;
  while (body.remaining() > 0) {
    const uint64_t ref = body.Uvarint();
    const int64_t mint = body.Varint();
    const int64_t maxt = body.Varint();
    if (!body.ok()) return InvalidSize().Wrap("decode tombstones");
    decoded.AddInterval(ref, {mint, maxt});
  }
  for (const auto& [ref, intervals] : decoded.by_ref()) {
    for (const tombstones::Interval& iv : intervals) out->AddInterval(ref, iv);
  }
  return Status::Ok();
}

void EncodeSnapshotExemplars(std::span<const record::RefExemplar> exemplars, Bytes* out) {
  // The body of a WAL exemplars record under the snapshot's own type byte.
  const size_t start = out->size();
  record::EncodeExemplars(exemplars, out);
  (*out)[start] = static_cast<uint8_t>(sf::RecordType::kExemplars);
}

Status DecodeSnapshotExemplars(ByteView rec, std::vector<record::RefExemplar>* out) {
  if (rec.empty() || rec[0] != static_cast<uint8_t>(sf::RecordType::kExemplars)) {
    return InvalidRecordType(rec.empty() ? 0 : rec[0]);
  }
  Bytes as_wal(rec.begin(), rec.end());
  as_wal[0] = static_cast<uint8_t>(record::Type::kExemplars);
  return record::DecodeExemplars(as_wal, out).Wrap("exemplars from buffer");
}

}  // namespace tsdb::head
