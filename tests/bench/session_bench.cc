// The stepping API on the flagship scenario: taking the world, stepping
// event by event, and seeking back one hour from the end (10h5m -> 9h5m)
// from the start and from a session the seek cache parked; with the memory
// the parked sessions hold (heap bytes in use, glibc's mallinfo2).
//   build/release/tests/bench/tsdb_bench --benchmark_filter=Session
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <string>

#include "engine/base/assert.h"
#include "engine/base/posix_filesystem.h"
#include "sim/step/seek_cache.h"
#include "sim/step/session.h"

namespace tsdbsim {
namespace {

constexpr int64_t kMin = 60'000;
constexpr int64_t kEndMs = 10 * 60 * kMin + 5 * kMin;

std::string Flagship() {
  tsdb::PosixFilesystem fs;
  auto bytes = tsdb::ReadWholeFile(fs, std::string(TSDB_SOURCE_DIR) + "/sim/scenarios/flagship.tsdbsim");
  TSDB_ASSERT(bytes.ok());
  return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

std::unique_ptr<Session> Open() {
  static tsdb::PosixFilesystem host;
  SessionOptions options;
  options.host_fs = &host;
  auto s = Session::Open(Flagship(), "flagship.tsdbsim", options);
  TSDB_ASSERT(s.ok());
  return std::move(*s);
}

int64_t HeapInUseBytes() { return static_cast<int64_t>(mallinfo2().uordblks); }

void BM_SessionTakeWorld(benchmark::State& state) {
  auto s = Open();
  TSDB_ASSERT(s->RunUntil(3 * 60 * kMin + 30 * kMin).ok());
  for (auto _ : state) benchmark::DoNotOptimize(s->TakeWorld());
}
BENCHMARK(BM_SessionTakeWorld)->Unit(benchmark::kMicrosecond);

// Steps (each one task that recorded something) through the first 2h.
void BM_SessionStepEvents(benchmark::State& state) {
  int64_t steps = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto s = Open();
    state.ResumeTiming();
    while (s->elapsed_ms() < 2 * 60 * kMin) {
      TSDB_ASSERT(s->Step().ok());
      steps++;
    }
    state.PauseTiming();
    s.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(steps);
}
BENCHMARK(BM_SessionStepEvents)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_SessionSeekBackOneHourFromTheStart(benchmark::State& state) {
  auto s = Open();
  TSDB_ASSERT(s->RunUntil(kEndMs).ok());
  for (auto _ : state) {
    TSDB_ASSERT(s->Seek(kEndMs - 60 * kMin).ok());
    state.PauseTiming();
    TSDB_ASSERT(s->Seek(kEndMs).ok());
    state.ResumeTiming();
  }
}
BENCHMARK(BM_SessionSeekBackOneHourFromTheStart)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_SessionSeekBackOneHourFromTheCache(benchmark::State& state) {
  const int64_t heap_before = HeapInUseBytes();
  auto s = Open();
  TSDB_ASSERT(s->RunUntil(kEndMs).ok());
  const int64_t heap_session = HeapInUseBytes() - heap_before;
  s->EnableSeekCache({.spacing_ms = 30 * kMin, .max_parked = 4});
  s->seek_cache()->WaitIdle();
  const int64_t heap_parked = HeapInUseBytes() - heap_before - heap_session;
  const size_t parked = s->seek_cache()->parked();
  for (auto _ : state) {
    TSDB_ASSERT(s->Seek(kEndMs - 60 * kMin).ok());
    state.PauseTiming();
    TSDB_ASSERT(s->Seek(kEndMs).ok());
    s->seek_cache()->WaitIdle();  // the builder parks the taken session again
    state.ResumeTiming();
  }
  state.counters["session_MiB"] = static_cast<double>(heap_session) / (1 << 20);
  state.counters["parked_sessions"] = static_cast<double>(parked);
  state.counters["parked_MiB"] = static_cast<double>(heap_parked) / (1 << 20);
  state.counters["cache_hits"] = static_cast<double>(s->seek_cache_hits());
}
BENCHMARK(BM_SessionSeekBackOneHourFromTheCache)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace tsdbsim
