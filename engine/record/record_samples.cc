// Samples (type 2) and exemplars (type 4): a base ref and timestamp, then
// zig-zag deltas per entry. Samples are the bulk of every WAL, so their
// codec works on raw pointers with one bounds check per field.
#include <bit>

#include "engine/record/record.h"
#include "engine/record/record_internal.h"

namespace tsdb::record {

using namespace internal;  // NOLINT: this file's helpers

namespace {

// Writes v as a uvarint at p; one- and two-byte cases inline, as nearly all
// deltas within one commit are that small.
inline uint8_t* PutUvarintFast(uint8_t* p, uint64_t v) {
  if (v < 0x80) {
    *p = static_cast<uint8_t>(v);
    return p + 1;
  }
  if (v < 0x4000) {
    p[0] = static_cast<uint8_t>(v | 0x80);
    p[1] = static_cast<uint8_t>(v >> 7);
    return p + 2;
  }
  return p + EncodeUvarint(p, v);
}

// Reads a uvarint from [*p, end) with Go's acceptance rules (binary.Uvarint);
// false when the input ends first or the value overflows 64 bits.
inline bool ReadUvarintFast(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  const uint8_t* q = *p;
  if (q < end && q[0] < 0x80) {
    *v = q[0];
    *p = q + 1;
    return true;
  }
  if (end - q >= 2 && q[1] < 0x80) {
    *v = uint64_t{q[0] & 0x7Fu} | uint64_t{q[1]} << 7;
    *p = q + 2;
    return true;
  }
  const int n = DecodeUvarint(*p, static_cast<size_t>(end - *p), v);
  if (n <= 0) return false;
  *p += n;
  return true;
}

// The worst case of a samples record of n entries.
size_t MaxSamplesRecordBytes(size_t n) {
  return format::kBaseHeaderBytes + n * format::kMaxSampleEntryBytes;
}

// Writes the whole record (type byte included) at p, which has room for
// MaxSamplesRecordBytes; returns the end.
uint8_t* PutSamplesRecord(std::span<const RefSample> samples, uint8_t* p) {
  *p++ = static_cast<uint8_t>(Type::kSamples);
  if (samples.empty()) return p;
  // Locals, not samples.front(): stores through p may alias any memory, so
  // the compiler would reload the base from memory on every entry.
  const uint64_t base_ref = samples.front().ref;
  const auto base_t = static_cast<uint64_t>(samples.front().t);
  PutBE64(p, base_ref);
  PutBE64(p + 8, base_t);
  p += 16;
  for (const RefSample& s : samples) {
    p = PutUvarintFast(p, ZigZagEncode(WrappingDelta(s.ref, base_ref)));
    p = PutUvarintFast(p, ZigZagEncode(WrappingDelta(static_cast<uint64_t>(s.t), base_t)));
    PutBE64(p, std::bit_cast<uint64_t>(s.v));
    p += 8;
  }
  return p;
}

}  // namespace

void EncodeSamples(std::span<const RefSample> samples, Bytes* out) {
  // Write into worst-case room, then trim: no per-sample capacity checks.
  const size_t start = out->size();
  out->resize(start + MaxSamplesRecordBytes(samples.size()));
  const uint8_t* end = PutSamplesRecord(samples, out->data() + start);
  out->resize(static_cast<size_t>(end - out->data()));
}

ByteView EncodeSamplesInto(std::span<const RefSample> samples, Bytes* scratch) {
  const size_t need = MaxSamplesRecordBytes(samples.size());
  if (scratch->size() < need) scratch->resize(need);
  const uint8_t* end = PutSamplesRecord(samples, scratch->data());
  return {scratch->data(), static_cast<size_t>(end - scratch->data())};
}

Status DecodeSamples(ByteView rec, std::vector<RefSample>* out) {
  if (GetType(rec) != Type::kSamples) return InvalidRecordType();
  const uint8_t* p = rec.data() + format::kTypeBytes;
  const uint8_t* const end = rec.data() + rec.size();
  if (p == end) return Status::Ok();  // an empty batch is just the type byte
  if (end - p < 16) return DecodeErrorAfter(0, "samples");
  const uint64_t base_ref = GetBE64(p);
  const uint64_t base_t = GetBE64(p + 8);
  p += 16;

  const size_t old_size = out->size();
  Reserve(out, static_cast<size_t>(end - p) / format::kMinSampleEntryBytes);
  while (p < end) {
    uint64_t dref = 0, dt = 0;
    if (!ReadUvarintFast(&p, end, &dref) || !ReadUvarintFast(&p, end, &dt) || end - p < 8) {
      const size_t n = out->size() - old_size + 1;  // the cut entry counts
      return Rollback(out, old_size, DecodeErrorAfter(n, "samples"));
    }
    out->push_back({WrappingAdd(base_ref, ZigZagDecode(dref)),
                    static_cast<int64_t>(WrappingAdd(base_t, ZigZagDecode(dt))),
                    std::bit_cast<double>(GetBE64(p))});
    p += 8;
  }
  return Status::Ok();
}

void EncodeExemplars(std::span<const RefExemplar> exemplars, Bytes* out) {
  AppendByte(out, static_cast<uint8_t>(Type::kExemplars));
  if (exemplars.empty()) return;
  const RefExemplar& first = exemplars.front();
  AppendBE64(out, first.ref);
  AppendBE64(out, static_cast<uint64_t>(first.t));
  for (const RefExemplar& e : exemplars) {
    AppendVarint(out, WrappingDelta(e.ref, first.ref));
    AppendVarint(out, WrappingDelta(static_cast<uint64_t>(e.t), static_cast<uint64_t>(first.t)));
    AppendDouble(out, e.v);
    AppendLabels(out, e.labels);
  }
}

Status DecodeExemplars(ByteView rec, std::vector<RefExemplar>* out) {
  if (GetType(rec) != Type::kExemplars) return InvalidRecordType();
  Decbuf dec(rec.subspan(format::kTypeBytes));
  if (dec.remaining() == 0) return Status::Ok();
  const uint64_t base_ref = dec.BE64();
  const uint64_t base_t = dec.BE64();
  if (!dec.ok()) return DecodeErrorAfter(0, "exemplars");

  const size_t old_size = out->size();
  while (dec.remaining() > 0) {
    RefExemplar e;
    e.ref = WrappingAdd(base_ref, dec.Varint());
    e.t = static_cast<int64_t>(WrappingAdd(base_t, dec.Varint()));
    e.v = dec.BEDouble();
    if (!ReadLabels(&dec, &e.labels)) {
      const size_t n = out->size() - old_size + 1;  // the cut entry counts
      return Rollback(out, old_size, DecodeErrorAfter(n, "exemplars"));
    }
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

}  // namespace tsdb::record
