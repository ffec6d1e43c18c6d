// Restart with and without the memory snapshot, on the same directory: a
// clean shutdown of 2,000 series after 100 minutes of 15 s samples (one cut
// and mmapped chunk and one open head chunk per series). From the snapshot
// the open chunks come back as they were; without it every WAL record is
// decoded again and the open chunks' samples appended again.
//   build/release/tests/bench/tsdb_bench --benchmark_filter=Restart
#include <benchmark/benchmark.h>

#include "engine/base/assert.h"
#include "engine/base/posix_filesystem.h"
#include "support/snapshot_dir.h"
#include "support/temp_dir.h"

namespace tsdb::db {
namespace {

void Restart(benchmark::State& state, bool snapshot) {
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  const std::string dir = tmp.Join("data");
  TSDB_ASSERT(tsdb::testing::WriteSnapshotDir(fs, dir, 2000, 100).ok());
  int64_t records = 0, appended = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string copy = tmp.Join("copy");
    TSDB_ASSERT(fs.RemoveAll(copy).ok());
    TSDB_ASSERT(CopyTree(fs, dir, copy).ok());
    ManualClock clock(tsdb::testing::kSnapshotDirStartMs);
    SplitMix64 random(2);
    DbOptions opts;
    opts.head.memory_snapshot_on_shutdown = snapshot;
    opts.compaction_enabled = false;
    state.ResumeTiming();
    OpenReport report;
    auto db = DB::Open(&fs, copy, opts, &clock, &random, nullptr, nullptr, &report);
    TSDB_ASSERT(db.ok());
    records = report.replay.records_loaded;
    appended = report.replay.samples_loaded;
    state.PauseTiming();
    db->reset();
    state.ResumeTiming();
  }
  state.counters["wal_records"] = static_cast<double>(records);
  state.counters["samples_appended"] = static_cast<double>(appended);
}

void BM_RestartFromMemorySnapshot(benchmark::State& state) { Restart(state, true); }
void BM_RestartFromWal(benchmark::State& state) { Restart(state, false); }
BENCHMARK(BM_RestartFromMemorySnapshot)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RestartFromWal)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tsdb::db
