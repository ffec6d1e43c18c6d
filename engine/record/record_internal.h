// Helpers shared by the record codecs; not part of the public API.
#pragma once

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/status.h"
#include "engine/labels/labels.h"
#include "engine/record/record_format.h"

namespace tsdb::record::internal {

// ---- Errors, worded as 2.42's decoders word them.

inline Status InvalidRecordType() { return Status::Corruption("invalid record type"); }

// Go's encoding.Decbuf reports every failed read, varints included, as
// "invalid size". Our Decbuf says "invalid uvarint" for varints, so record
// decoders never forward its text: any failure becomes this status.
inline Status InvalidSize() { return Status::Corruption("invalid size"); }

// Samples, exemplars, mmap markers and histograms wrap the read error with
// the number of entries appended so far. 2.42 appends the entry being read
// before it checks for the error, so a failure inside entry k+1 reports k+1;
// a failure in the base header reports 0.
inline Status DecodeErrorAfter(size_t n, const char* what) {
  return Status::Corruption("decode error after " + std::to_string(n) + " " + what +
                            ": invalid size");
}

// Drops what a failed decode appended, so callers see all or nothing.
template <typename T>
Status Rollback(std::vector<T>* out, size_t old_size, Status s) {
  out->erase(out->begin() + static_cast<std::ptrdiff_t>(old_size), out->end());
  return s;
}

// Room for `more` entries without exact-fit reallocation on every record.
template <typename T>
void Reserve(std::vector<T>* out, size_t more) {
  const size_t want = out->size() + more;
  if (want > out->capacity()) out->reserve(std::max(want, 2 * out->capacity()));
}

// Go reads counts as int(uvarint): values past INT64_MAX become negative and
// every `for i < n` loop then runs zero times.
inline size_t GoCount(uint64_t v) {
  return v > format::kMaxGoIntCount ? 0 : static_cast<size_t>(v);
}

// ---- Appending to a caller's buffer.

inline void AppendByte(Bytes* out, uint8_t b) { out->push_back(b); }
inline void AppendBE64(Bytes* out, uint64_t v) {
  uint8_t t[8];
  PutBE64(t, v);
  out->insert(out->end(), t, t + 8);
}
inline void AppendDouble(Bytes* out, double v) { AppendBE64(out, std::bit_cast<uint64_t>(v)); }
inline void AppendUvarint(Bytes* out, uint64_t v) {
  uint8_t t[kMaxVarintBytes];
  const int n = EncodeUvarint(t, v);
  out->insert(out->end(), t, t + n);
}
inline void AppendVarint(Bytes* out, int64_t v) { AppendUvarint(out, ZigZagEncode(v)); }
inline void AppendString(Bytes* out, std::string_view s) {
  AppendUvarint(out, s.size());
  out->insert(out->end(), s.begin(), s.end());
}
// A label set as the WAL stores it: uvarint count, then the pairs.
inline void AppendLabels(Bytes* out, const Labels& labels) {
  AppendUvarint(out, labels.size());
  const ByteView pairs = labels.EncodedPairs();
  out->insert(out->end(), pairs.begin(), pairs.end());
}

// Go computes deltas as int64(a) - int64(b) with wrap-around.
inline int64_t WrappingDelta(uint64_t a, uint64_t b) { return static_cast<int64_t>(a - b); }
inline uint64_t WrappingAdd(uint64_t base, int64_t delta) {
  return base + static_cast<uint64_t>(delta);
}

// ---- Reading.

// Reads a label set written by AppendLabels. False when dec failed (or the set
// is absurdly large), with *out untouched.
inline bool ReadLabels(Decbuf* dec, Labels* out) {
  const size_t count = GoCount(dec->Uvarint());
  return dec->ok() && Labels::DecodePairs(dec, count, out);
}

}  // namespace tsdb::record::internal
