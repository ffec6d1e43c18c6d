// CRC-32C (Castagnoli), the checksum of every TSDB format, computed by ISA-L.
// Crc32c(p) equals Go's crc32.Checksum(p, crc32.MakeTable(crc32.Castagnoli)).
#pragma once

#include <cstdint>

#include "engine/base/coding.h"

namespace tsdb {

uint32_t Crc32c(ByteView data);
// Continues a checksum over more bytes: Crc32cExtend(Crc32c(a), b) == Crc32c(a+b).
uint32_t Crc32cExtend(uint32_t crc, ByteView data);

}  // namespace tsdb
