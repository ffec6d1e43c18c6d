// The pair encoding inside a Labels block (the WAL's: uvarint length, bytes),
// shared by the files that read and write blocks. Internal to engine/labels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "engine/base/assert.h"
#include "engine/base/coding.h"

namespace tsdb::labels_internal {

// Reads a length from a block built by engine/labels: always valid, shortest form.
inline size_t ReadLength(const uint8_t*& p) {
  if (*p < 0x80) return *p++;
  uint64_t v = 0;
  const int n = DecodeUvarint(p, kMaxVarintBytes, &v);
  TSDB_ASSERT(n > 0);
  p += n;
  return static_cast<size_t>(v);
}

inline uint8_t* WriteString(uint8_t* p, std::string_view s) {
  p += EncodeUvarint(p, s.size());
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

inline size_t EncodedSize(std::string_view s) {
  return static_cast<size_t>(UvarintSize(s.size())) + s.size();
}

}  // namespace tsdb::labels_internal
