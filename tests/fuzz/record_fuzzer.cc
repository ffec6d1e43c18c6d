// WAL record fuzzer: the input is one record (type byte first) for the
// decoder its type names: series, samples, tombstones, exemplars, mmap
// markers, metadata, histogram and float histogram samples.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/record_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tsdb::fuzz::DecodeAnyRecord(tsdb::ByteView(data, size));
  return 0;
}
