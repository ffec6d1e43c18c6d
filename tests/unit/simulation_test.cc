// The Simulation runs scenarios on the simulated filesystem: restarts after
// a process crash lose nothing, mmap=off replays everything from the WAL,
// a power loss never invents samples, checks and option errors are reported
// with their line.
#include <gtest/gtest.h>

#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/sim_disk.h"
#include "sim/scenario/simulation.h"

namespace tsdbsim {
namespace {

struct Outcome {
  tsdb::Status status;
  std::vector<ExpectOutcome> expects;
  std::map<std::string, double> metrics;
};

Outcome RunText(const std::string& text, const std::vector<std::string>& metrics = {}) {
  auto sc = ParseScenario(text, "t.tsdbsim");
  TSDB_ASSERT(sc.ok());
  SimFilesystemDisk disk;
  Simulation sim(*sc, &disk, {});
  Outcome o;
  o.status = sim.Run();
  o.expects = sim.outcomes();
  for (const auto& m : metrics) {
    auto v = sim.Metric(m);
    o.metrics[m] = v.ok() ? *v : -1;
  }
  return o;
}

void ExpectAllPassed(const Outcome& o) {
  ASSERT_TRUE(o.status.ok()) << o.status.ToString();
  for (const auto& e : o.expects) EXPECT_TRUE(e.passed) << "line " << e.line << ": " << e.text << " got " << e.actual << " " << e.error;
}

constexpr char kBase[] =
    "seed 3\n"
    "config chunk_range=1h scrape_interval=15s wal_segment_size=128KiB block_chunk_segment_size=64KiB MMAP\n"
    "target a series=30 churn=0.01\n"
    "run 2h30m\n"
    "crash process\n"
    "restart\n"
    "expect lost_acked_samples == 0\n"
    "expect phantom_samples == 0\n"
    "expect duplicate_samples == 0\n"
    "run 30m\n";

std::string Base(const std::string& mmap) {
  std::string s = kBase;
  s.replace(s.find("MMAP"), 4, "mmap=" + mmap);
  return s;
}

TEST(SimulationTest, ProcessCrashLosesNothingWithAndWithoutMmappedChunks) {
  const std::vector<std::string> m = {"replayed_samples", "replayed_mmapped_chunks", "blocks", "acked_samples"};
  const Outcome on = RunText(Base("on"), m);
  const Outcome off = RunText(Base("off"), m);
  ExpectAllPassed(on);
  ExpectAllPassed(off);
  EXPECT_GT(on.metrics.at("replayed_mmapped_chunks"), 0);
  EXPECT_EQ(off.metrics.at("replayed_mmapped_chunks"), 0);
  // Without mmapped chunks every sample since the last checkpoint is replayed from the WAL.
  EXPECT_GT(off.metrics.at("replayed_samples"), on.metrics.at("replayed_samples"));
  EXPECT_EQ(on.metrics.at("acked_samples"), off.metrics.at("acked_samples"));
  EXPECT_GE(on.metrics.at("blocks"), 1);
}

TEST(SimulationTest, PowerLossNeverInventsSamples) {
  std::string s = Base("on");
  s.replace(s.find("crash process"), 13, "crash power_loss");
  s.replace(s.find("expect lost_acked_samples == 0\n"), 31, "");
  const Outcome o = RunText(s, {"lost_acked_samples"});
  ExpectAllPassed(o);  // phantom and duplicate stay 0
  // Unsynced WAL pages are gone: the oracle sees the loss.
  EXPECT_GT(o.metrics.at("lost_acked_samples"), 0);
}

TEST(SimulationTest, FailingChecksAndEventsThatNeverComeAreReported) {
  const Outcome o = RunText(
      "target a series=5\n"
      "run 5m\n"
      "expect head_series < 1\n"
      "run until compaction within 10m\n"
      "expect no_such_metric == 1\n");
  ASSERT_TRUE(o.status.ok()) << o.status.ToString();
  ASSERT_EQ(o.expects.size(), 3u);
  EXPECT_FALSE(o.expects[0].passed);
  EXPECT_EQ(o.expects[0].line, 3);
  EXPECT_GT(o.expects[0].actual, 5);
  EXPECT_FALSE(o.expects[1].passed);
  EXPECT_EQ(o.expects[1].line, 4);
  EXPECT_NE(o.expects[2].error.find("unknown metric"), std::string::npos);
}

TEST(SimulationTest, BadOptionValuesNameLineAndColumn) {
  EXPECT_EQ(RunText("config chunk_range=soon\n").status.message(),
            "t.tsdbsim:1:8: chunk_range: expected a duration like 90s, 1h30m or 500ms, got \"soon\"");
  EXPECT_EQ(RunText("target a series=5 churn=2\n").status.message(),
            "t.tsdbsim:1:19: churn: expected a ratio from 0 to 1 (like 0.05) or a percentage (like 5%), got \"2\"");
  EXPECT_EQ(RunText("target a scripted file=/no/such/page.txt\n").status.code(), tsdb::StatusCode::kInvalidArgument);
  EXPECT_EQ(RunText("run 1m\nconfig sample_limit=5\n").status.message(),
            "t.tsdbsim:2:1: config after the first run (expected every config step before it)");
  EXPECT_EQ(RunText("restart\n").status.message(), "t.tsdbsim:1:1: restart before the first run");
  EXPECT_EQ(RunText("remove ghost\n").status.message(),
            "t.tsdbsim:1:8: no target named \"ghost\" (expected a target defined before)");
}

}  // namespace
}  // namespace tsdbsim
