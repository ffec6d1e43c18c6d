// Chunk snapshots across tsdbsim and a real Prometheus 2.42, both with
// memory-snapshot-on-shutdown: tsdbsim opens 2.42's snapshot (the fixture),
// appends, closes and so writes its own; Prometheus loads that snapshot
// without error and serves every sample (applying the snapshot's tombstone);
// Prometheus's own snapshot at its shutdown then reopens in tsdbsim.
#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "interop/http_get.h"
#include "interop/subprocess.h"
#include "support/db_samples.h"
#include "support/temp_dir.h"

namespace tsdb::interop {
namespace {

using namespace std::chrono_literals;
using tsdb::testing::SampleSet;

const std::string kPrometheus = "/usr/bin/prometheus";
const std::string kFixture = std::string(TSDB_SOURCE_DIR) + "/tests/fixtures/memory_snapshot/datadir";

db::DbOptions SnapshotOptions() {
  db::DbOptions o;
  o.head.chunk_range_ms = 60'000;  // the fixture's 1m blocks
  o.head.memory_snapshot_on_shutdown = true;
  o.wal.compress = true;
  return o;
}

// What the head holds, less what its tombstones delete (a 2.42 query
// applies them; tsdbsim's reads do not yet).
SampleSet Visible(Filesystem& fs, const std::string& dir, const head::Head& head) {
  int64_t duplicates = 0;
  auto all = tsdb::testing::CollectSamples(fs, dir, &head, &duplicates);
  EXPECT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(duplicates, 0);
  SampleSet out;
  head.series().ForEach([&](const head::MemSeries& s) {
    const std::string name = s.labels().ToString();
    for (const auto& [t, bits] : (*all)[name]) {
      if (!tombstones::IsDeleted(head.tombstones().Get(s.ref()), t)) out[name][t] = bits;
    }
  });
  return out;
}

TEST(ChunkSnapshotInterop, PrometheusLoadsOurSnapshotAndWeLoadItsOwn) {
  ASSERT_TRUE(IsExecutable(kPrometheus)) << kPrometheus << " is missing";
  PosixFilesystem fs;
  tsdb::testing::TempDir tmp;
  const std::string dir = tmp.Join("data");
  ASSERT_TRUE(CopyTree(fs, kFixture, dir).ok());
  ManualClock clock(1);
  SplitMix64 random(1);

  // tsdbsim starts from 2.42's snapshot, appends, closes: our snapshot.
  SampleSet want;
  int64_t last_t = 0;
  {
    db::OpenReport report;
    auto db = db::DB::Open(&fs, dir, SnapshotOptions(), &clock, &random, nullptr, nullptr, &report);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_FALSE(report.replay.snapshot_dir.empty());
    const int64_t t0 = (*db)->head().MaxTime();
    const Labels ours = Labels::FromStrings({"__name__", "tsdbsim_after_restart", "job", "interop"});
    for (int i = 1; i <= 5; i++) {
      auto app = (*db)->Appender();
      ASSERT_TRUE(app->Append(0, ours, t0 + i * 1000, i * 0.25).ok());
      ASSERT_TRUE(app->Commit().ok());
    }
    last_t = t0 + 5000;
    want = Visible(fs, dir, (*db)->head());
    ASSERT_TRUE((*db)->Close().ok());
  }
  ASSERT_TRUE(Exists(fs, JoinPath(dir, "chunk_snapshot.000001.0000032768")));

  const std::string config = tmp.Join("prometheus.yml");
  ASSERT_TRUE(WriteWholeFile(fs, config, AsBytes("global: {}\nscrape_configs: []\n"), false).ok());
  const auto port = FreeLoopbackPort();
  ASSERT_TRUE(port.has_value());
  const std::string log_path = tmp.Join("prometheus.log");
  std::string error;
  auto prom = Subprocess::Start(
      {kPrometheus, "--config.file=" + config, "--storage.tsdb.path=" + dir,
       "--web.listen-address=127.0.0.1:" + std::to_string(*port),
       "--storage.tsdb.min-block-duration=1m", "--storage.tsdb.max-block-duration=1m",
       "--storage.tsdb.retention.time=3650d", "--enable-feature=memory-snapshot-on-shutdown"},
      log_path, log_path, &error);
  ASSERT_TRUE(prom.has_value()) << error;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  bool ready = false;
  while (!ready && std::chrono::steady_clock::now() < deadline) {
    if (auto code = prom->Poll()) {
      FAIL() << "prometheus exited with " << *code << ":\n" << ReadFileText(log_path);
    }
    auto resp = HttpGet(*port, "/-/ready", 2s, &error);
    ready = resp && resp->status == 200;
    if (!ready) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(ready) << ReadFileText(log_path);

  // Every sample, by one range query past the last one.
  const std::string at = std::to_string(last_t / 1000 + 1);
  const std::string query = UrlEncode("{__name__=~\".+\"}[10m]");
  auto resp = HttpGet(*port, "/api/v1/query?query=" + query + "&time=" + at, 20s, &error);
  ASSERT_TRUE(resp.has_value()) << error;
  const auto j = nlohmann::json::parse(resp->body, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded()) << resp->body.substr(0, 2000);
  ASSERT_EQ(j.value("status", ""), "success") << resp->body.substr(0, 2000);
  SampleSet got;
  for (const auto& series : j["data"]["result"]) {
    LabelsBuilder b;
    for (const auto& [name, value] : series["metric"].items()) b.Add(name, value.get<std::string>());
    b.Sort();
    auto& samples = got[b.Build().ToString()];
    for (const auto& pair : series["values"]) {
      const int64_t t = std::llround(pair[0].get<double>() * 1000);
      samples[t] = std::bit_cast<uint64_t>(std::strtod(pair[1].get<std::string>().c_str(), nullptr));
    }
  }
  EXPECT_EQ(got, want);
  auto metrics = HttpGet(*port, "/metrics", 5s, &error);
  ASSERT_TRUE(metrics.has_value()) << error;
  EXPECT_NE(metrics->body.find("\nprometheus_tsdb_snapshot_replay_error_total 0\n"), std::string::npos);

  bool killed = false;
  EXPECT_EQ(prom->Stop(30s, &killed), 0);
  EXPECT_FALSE(killed) << "prometheus ignored SIGTERM for 30 s";
  const std::string log = ReadFileText(log_path);
  const std::string loaded = "msg=\"chunk snapshot loaded\" dir=" + dir +
                             "/chunk_snapshot.000001.0000032768 num_series=13";
  EXPECT_NE(log.find(loaded), std::string::npos) << log;
  EXPECT_EQ(log.find("Failed to load chunk snapshot"), std::string::npos) << log;

  // Prometheus wrote its snapshot at its new, empty WAL segment 2 (the
  // second one, after the close, had nothing new and was skipped); ours went.
  EXPECT_FALSE(Exists(fs, JoinPath(dir, "chunk_snapshot.000001.0000032768")));
  db::OpenReport report;
  auto db = db::DB::Open(&fs, dir, SnapshotOptions(), &clock, &random, nullptr, nullptr, &report);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_FALSE(report.replay.snapshot_error.has_value()) << *report.replay.snapshot_error;
  EXPECT_EQ(report.replay.snapshot_dir, JoinPath(dir, "chunk_snapshot.000002.0000000000"));
  EXPECT_EQ(report.replay.snapshot_series, 13);
  EXPECT_EQ(report.replay.samples_loaded, 0);
  EXPECT_EQ(Visible(fs, dir, (*db)->head()), want);
}

}  // namespace
}  // namespace tsdb::interop
