#include "tests/fuzz/xor_walk.h"

#include <vector>

#include "engine/chunkenc/xor.h"
#include "tests/fuzz/fuzz_check.h"

namespace tsdb::fuzz {
namespace {

struct Sample {
  int64_t t_ms;
  uint64_t v_bits;
};

// A chunk FromBytes takes, resumed and given one more sample, decodes to
// the same samples plus that one.
void CheckResume(ByteView chunk, const std::vector<Sample>& samples) {
  Result<chunkenc::XorChunk> c = chunkenc::XorChunk::FromBytes(chunk);
  if (!c.ok()) {  // e.g. bits left after the last sample, which an append would bury
    FUZZ_CHECK(c.status().code() == StatusCode::kCorruption, "%s", c.status().ToString().c_str());
    return;
  }
  const int64_t next_t =
      samples.empty() ? 0 : static_cast<int64_t>(static_cast<uint64_t>(samples.back().t_ms) + 15000);
  c->Append(next_t, 1.5);
  chunkenc::XorIterator it = c->Iterator();
  size_t i = 0;
  for (; it.Next(); i++) {
    if (i < samples.size()) {
      FUZZ_CHECK(it.t() == samples[i].t_ms && it.v_bits() == samples[i].v_bits,
                 "sample %zu changed after resume", i);
    } else {
      FUZZ_CHECK(it.t() == next_t && it.v() == 1.5, "appended sample decodes wrong");
    }
  }
  FUZZ_CHECK(it.status().ok(), "resumed chunk: %s", it.status().ToString().c_str());
  FUZZ_CHECK(i == samples.size() + 1, "resumed chunk has %zu samples, want %zu", i,
             samples.size() + 1);
}

}  // namespace

int WalkXorChunk(ByteView chunk) {
  chunkenc::XorIterator it(chunk);
  std::vector<Sample> samples;
  while (it.Next()) samples.push_back({it.t(), it.v_bits()});
  FUZZ_CHECK(static_cast<int>(samples.size()) <= it.num_samples(), "more samples than the count");
  if (it.status().ok()) {
    FUZZ_CHECK(static_cast<int>(samples.size()) == it.num_samples(), "%zu of %d samples",
               samples.size(), it.num_samples());
    if (it.num_samples() < chunkenc::kMaxSamplesPerChunk) CheckResume(chunk, samples);
  }
  return static_cast<int>(samples.size());
}

}  // namespace tsdb::fuzz
