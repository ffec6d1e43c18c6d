// Block meta.json fuzzer: ParseMeta on the text (encoding/json's rules, then
// version 1), and the same file read from a block directory on the
// simulated filesystem. A meta that parses must marshal to text that parses
// back to the same meta.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/block/meta.h"
#include "fault_injection/sim_filesystem.h"
#include "tests/fuzz/fuzz_check.h"

namespace block = tsdb::block;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto meta = block::ParseMeta(text, "fuzz/meta.json");
  if (!meta.ok()) {
    FUZZ_CHECK(meta.status().code() == tsdb::StatusCode::kCorruption, "%s",
               meta.status().ToString().c_str());
  } else {
    const std::string again = block::MarshalMeta(*meta);
    auto back = block::ParseMeta(again, "fuzz/again");
    FUZZ_CHECK(back.ok(), "marshalled meta does not parse: %s\n%s",
               back.status().ToString().c_str(), again.c_str());
    FUZZ_CHECK(*back == *meta, "meta changed in the round trip:\n%s", again.c_str());
  }
  tsdbsim::fault::SimFilesystem fs;
  FUZZ_CHECK(fs.MkdirAll("/b").ok(), "mkdir");
  FUZZ_CHECK(tsdb::WriteWholeFile(fs, "/b/meta.json", tsdb::AsBytes(text), true).ok(), "write");
  auto read = block::ReadMetaFile(fs, "/b");
  FUZZ_CHECK(read.ok() == meta.ok(), "file and text disagree");
  return 0;
}
