#include <benchmark/benchmark.h>

#include "engine/base/coding.h"
#include "engine/base/crc32c.h"

namespace tsdb {
namespace {

void BM_Crc32c(benchmark::State& state) {
  Bytes data(static_cast<size_t>(state.range(0)), 0x5a);
  for (auto _ : state) benchmark::DoNotOptimize(Crc32c(data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Crc32c)->Arg(32 * 1024);

}  // namespace
}  // namespace tsdb
