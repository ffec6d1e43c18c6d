// Parse + append throughput of a whole scrape on the node_exporter 1.5.0
// page: the scrape loop on the simulator's event loop, the real DB (WAL
// and head chunks on a temporary directory) as its storage.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "engine/db/db.h"
#include "engine/scrape/scrape_manager.h"
#include "engine/storage/fanout.h"
#include "sim/kernel/event_loop.h"
#include "sim/kernel/rng.h"
#include "sim/storage/remote_write_receiver.h"
#include "sim/targets/scripted_target.h"

namespace {

constexpr int64_t kStartMs = 1'700'000'000'000;
constexpr int64_t kIntervalMs = 15'000;

std::string MakeTempDir() {
  std::string tmpl = "/dev/shm/tsdbsim-scrape-bench-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    tmpl = "/tmp/tsdbsim-scrape-bench-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  }
  return tmpl;
}

// targets: how many copies of the page are scraped per interval.
void ScrapeNodeExporter(benchmark::State& state, bool through_fanout) {
  const int targets = static_cast<int>(state.range(0));
  tsdb::PosixFilesystem fs;
  const std::string dir = MakeTempDir();
  tsdbsim::EventLoop loop(kStartMs);
  tsdbsim::Rng random(1);
  tsdb::db::OpenReport report;
  tsdb::db::DbOptions opts;
  opts.block_chunk_segment_size_bytes = 1 << 20;
  auto db = tsdb::db::DB::Open(&fs, dir, opts, &loop.clock(), &random, nullptr, &loop, &report);
  if (!db.ok()) {
    state.SkipWithError(db.status().ToString().c_str());
    return;
  }
  tsdbsim::RemoteWriteReceiver receiver({}, &loop);
  tsdb::storage::Fanout fanout(db->get(), {&receiver}, nullptr);
  tsdb::storage::Appendable* storage = through_fanout ? static_cast<tsdb::storage::Appendable*>(&fanout) : db->get();

  std::vector<std::unique_ptr<tsdbsim::ScriptedTarget>> scrapers;
  tsdb::scrape::JobConfig job;
  job.config.job_name = "node";
  job.config.scrape_interval_ms = kIntervalMs;
  for (int i = 0; i < targets; i++) {
    auto t = tsdbsim::ScriptedTarget::FromFiles(
        fs, "node-" + std::to_string(i) + ":9100",
        {{std::string(TSDB_FIXTURES_DIR) + "/exposition/node_exporter-1.5.0.txt", {}}});
    if (!t.ok()) {
      state.SkipWithError(t.status().ToString().c_str());
      return;
    }
    scrapers.push_back(std::move(t).value());
    job.targets.push_back({scrapers.back().get(), tsdb::Labels()});
  }
  tsdb::scrape::ScrapeManager manager({storage, &loop, nullptr, nullptr, 7});
  if (!manager.ApplyConfig({job}).ok()) std::abort();
  // The first interval fills the caches and creates the series.
  loop.RunUntil(kStartMs + 2 * kIntervalMs);
  int64_t samples = 0;
  int64_t now = loop.NowMs();
  for (auto _ : state) {
    now += kIntervalMs;
    loop.RunUntil(now);
    for (const auto* l : manager.loops()) samples += l->last_report().samples_scraped + tsdb::scrape::kReportSeries;
  }
  state.counters["samples_per_second"] = benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
  state.counters["samples_per_scrape"] =
      static_cast<double>(manager.loops().front()->last_report().samples_scraped);
  manager.Stop();
  (void)(*db)->Close();
  (void)fs.RemoveAll(dir);
}

void BM_ScrapeNodeExporterIntoDb(benchmark::State& state) { ScrapeNodeExporter(state, false); }
void BM_ScrapeNodeExporterThroughFanout(benchmark::State& state) { ScrapeNodeExporter(state, true); }

BENCHMARK(BM_ScrapeNodeExporterIntoDb)->Arg(1)->Arg(20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ScrapeNodeExporterThroughFanout)->Arg(20)->Unit(benchmark::kMicrosecond);

}  // namespace
