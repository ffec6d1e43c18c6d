#include "engine/base/crc32c.h"

#include <isa-l.h>

namespace tsdb {

// ISA-L's crc32_iscsi takes and returns the raw register; Go's Castagnoli
// checksum inverts it on the way in and out.
uint32_t Crc32cExtend(uint32_t crc, ByteView data) {
  if (data.empty()) return crc;
  // ISA-L's signature is not const-correct; it does not write through the pointer.
  auto* p = const_cast<unsigned char*>(data.data());
  return ~crc32_iscsi(p, static_cast<int>(data.size()), ~crc);
}

uint32_t Crc32c(ByteView data) { return Crc32cExtend(0, data); }

}  // namespace tsdb
