// Crash images of a real data directory: what the crash explorer pays per
// crash state, with and without restarting the DB on the image. The data
// directory is written by the engine on the simulated filesystem (WAL
// segments with an unsynced tail, chunks_head files, no block yet) and is
// left open, so the images have unsynced bytes to keep, drop or tear. Its
// directories are synced once at the end (2.42 itself leaves the entries of
// wal/, chunks_head/ and new segments unsynced until a checkpoint or block,
// which would leave a power-loss image empty).
#include <benchmark/benchmark.h>

#include <string>

#include "engine/base/clock.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "fault_injection/sim_filesystem.h"

namespace tsdbsim::fault {
namespace {

constexpr int64_t kT0 = 1'800'000'000'000;  // a multiple of 2h
constexpr int64_t kScrapeMs = 15'000;
constexpr const char* kDir = "/data";

tsdb::db::DbOptions Options() {
  tsdb::db::DbOptions o;
  o.wal.segment_size_bytes = 1 << 20;  // several segments, so checkpoints exist
  return o;
}

// A data directory of a few MiB: series x scrapes samples, DB still open.
struct Workload {
  SimFilesystem fs;
  tsdb::ManualClock clock{kT0};
  tsdb::SplitMix64 random{7};
  std::unique_ptr<tsdb::db::DB> db;

  Workload(int series, int scrapes) {
    TSDB_ASSERT(fs.MkdirAll(kDir).ok());
    TSDB_ASSERT(fs.SyncDir("/").ok());
    tsdb::db::OpenReport report;
    db = std::move(tsdb::db::DB::Open(&fs, kDir, Options(), &clock, &random, nullptr, nullptr,
                                      &report))
             .value();
    std::vector<tsdb::storage::SeriesRef> refs(static_cast<size_t>(series), 0);
    for (int s = 0; s < scrapes; s++) {
      const int64_t t = kT0 + s * kScrapeMs;
      clock.Set(t);
      auto app = db->Appender();
      for (int i = 0; i < series; i++) {
        const auto l = tsdb::Labels::FromStrings(
            {"__name__", "bench_metric", "instance", "host-" + std::to_string(i % 10),
             "id", std::to_string(i)});
        refs[static_cast<size_t>(i)] =
            *app->Append(refs[static_cast<size_t>(i)], l, t, static_cast<double>(s * (i + 1)));
      }
      TSDB_ASSERT(app->Commit().ok());
    }
    for (const std::string d : {"/data", "/data/wal", "/data/chunks_head"}) {
      TSDB_ASSERT(fs.SyncDir(d).ok());
    }
  }
};

// range 1: 0 = about 2.7 MiB (500 series, 2h of 15s scrapes), 1 = about
// 0.3 MiB (100 series, 1h).
Workload& SharedWorkload(int64_t size) {
  if (size == 0) {
    static Workload big(/*series=*/500, /*scrapes=*/480);
    return big;
  }
  static Workload small(/*series=*/100, /*scrapes=*/240);
  return small;
}

void AddCounters(benchmark::State& state, SimFilesystem& fs) {
  const SimUsage u = fs.Usage(kDir);
  state.counters["dir_MiB"] = static_cast<double>(u.visible_bytes) / (1 << 20);
  state.counters["stored_MiB"] = static_cast<double>(u.stored_bytes) / (1 << 20);
  state.counters["files"] = static_cast<double>(u.files);
  state.counters["files_not_durable"] = static_cast<double>(u.files_not_durable);
  state.counters["images_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_CrashImage(benchmark::State& state) {
  Workload& w = SharedWorkload(state.range(1));
  const auto mode = static_cast<CrashMode>(state.range(0));
  uint64_t seed = 0;
  for (auto _ : state) {
    auto image = w.fs.CrashImage(mode, seed++);
    benchmark::DoNotOptimize(image.get());
  }
  state.SetLabel(CrashModeName(mode));
  AddCounters(state, w.fs);
}
BENCHMARK(BM_CrashImage)->ArgsProduct({{0, 1, 2}, {0, 1}})->Unit(benchmark::kMicrosecond);

// The image plus what the explorer does next: open the DB on it (WAL
// replay, chunks_head scan) and close it again.
void BM_CrashImageAndRestart(benchmark::State& state) {
  Workload& w = SharedWorkload(state.range(1));
  const auto mode = static_cast<CrashMode>(state.range(0));
  uint64_t seed = 0;
  uint64_t samples = 0;
  for (auto _ : state) {
    auto image = w.fs.CrashImage(mode, seed++);
    tsdb::ManualClock clock{w.clock.NowMs()};
    tsdb::SplitMix64 random{seed};
    tsdb::db::OpenReport report;
    auto db = tsdb::db::DB::Open(image.get(), kDir, Options(), &clock, &random, nullptr, nullptr,
                                 &report);
    TSDB_ASSERT(db.ok());
    samples += static_cast<uint64_t>(report.replay.samples_loaded);
    TSDB_ASSERT((*db)->Close().ok());
  }
  state.SetLabel(CrashModeName(mode));
  state.counters["replayed_samples_per_image"] =
      static_cast<double>(samples) / static_cast<double>(state.iterations());
  AddCounters(state, w.fs);
}
BENCHMARK(BM_CrashImageAndRestart)
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tsdbsim::fault
