// Crashes and filesystem faults through scenarios: the durable oracle's
// classification after power losses, `fault` steps reaching the engine,
// virtual latency, and bad fault lines named by line and column.
#include <gtest/gtest.h>

#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/simulation.h"

namespace tsdbsim {
namespace {

struct Ran {
  tsdb::Status status;
  std::map<std::string, double> m;
  int failed = 0;
};

Ran RunText(const std::string& text, const std::vector<std::string>& metrics) {
  auto sc = ParseScenario(text, "t.tsdbsim");
  TSDB_ASSERT(sc.ok());
  SimFilesystemDisk disk;
  Simulation sim(*sc, &disk, {});
  Ran r;
  r.status = sim.Run();
  r.failed = sim.failed_expects();
  for (const auto& name : metrics) {
    auto v = sim.Metric(name);
    r.m[name] = v.ok() ? *v : -1;
  }
  return r;
}

constexpr char kHead[] =
    "seed 11\n"
    "config chunk_range=30m wal_segment_size=64KiB block_chunk_segment_size=64KiB\n"
    "target a series=20\n";

TEST(SimFaultsTest, PowerLossLosesOnlyWhatWasNeverFsynced) {
  const Ran r = RunText(std::string(kHead) + "run 40m\ncrash power_loss\nrestart\n",
                        {"lost_acked_samples", "lost_unsynced_samples", "violations", "durable_samples"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_GT(r.m.at("lost_acked_samples"), 0);  // the open segment was never fsynced
  EXPECT_EQ(r.m.at("lost_acked_samples"), r.m.at("lost_unsynced_samples"));
  EXPECT_EQ(r.m.at("violations"), 0);
}

TEST(SimFaultsTest, CrashAtAnOperationInTheMiddleOfARun) {
  const Ran r = RunText(std::string(kHead) + "crash process at_op=40\nrun 30m\nrestart\nexpect violations == 0\n",
                        {"restarts", "violations", "fs_ops"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.m.at("restarts"), 1);
}

TEST(SimFaultsTest, WalWriteErrorFailsThatScrapeAndLosesNothingAcknowledged) {
  const Ran r = RunText(std::string(kHead) +
                            "fault eio on=write path=/data/wal/* nth=5\n"
                            "run 20m\ncrash process\nrestart\n",
                        {"faults_fired", "scrapes_failed_total", "violations", "lost_acked_samples",
                         "failed_commit_replayed_samples"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.m.at("faults_fired"), 1);
  // 2.42 keeps the failed record in its page buffer; the next commit's
  // flush writes it, so the restart brings the failed scrape's samples back.
  EXPECT_GT(r.m.at("failed_commit_replayed_samples"), 0);
  EXPECT_EQ(r.m.at("violations"), 0);
  EXPECT_EQ(r.m.at("lost_acked_samples"), 0);
}

TEST(SimFaultsTest, SlowSyncsStallVirtualTime) {
  const std::string base = std::string(kHead) + "FAULT\nrun 10m\n";
  auto with = [&](const std::string& fault) {
    std::string t = base;
    t.replace(t.find("FAULT"), 5, fault);
    return RunText(t, {"fault_stall_ms", "faults_fired", "scrapes_total"});
  };
  const Ran fast = with("");
  const Ran slow = with("fault latency on=write path=/data/wal/* latency=2s");
  ASSERT_TRUE(slow.status.ok()) << slow.status.ToString();
  EXPECT_GT(slow.m.at("faults_fired"), 10);
  // Every WAL write blocked the process for 2s of virtual time.
  EXPECT_EQ(slow.m.at("fault_stall_ms"), 2000 * slow.m.at("faults_fired"));
  EXPECT_EQ(fast.m.at("fault_stall_ms"), 0);
}

TEST(SimFaultsTest, FaultPointsFireFromTheSeed) {
  const Ran r = RunText(std::string(kHead) + "fault point wal.cut_segment chance=0.1\nrun 30m\n",
                        {"fault_points_fired", "wal_segments_created"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_GT(r.m.at("fault_points_fired"), 0);
  EXPECT_GE(r.m.at("wal_segments_created"), r.m.at("fault_points_fired"));
}

TEST(SimFaultsTest, BadFaultLinesNameLineAndColumn) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fault point nope", "t.tsdbsim:4:13: unknown fault point \"nope\""},
      {"fault eio on=sideways", "t.tsdbsim:4:11: on: unknown call \"sideways\""},
      {"fault eio chance=2", "t.tsdbsim:4:11: chance:"},
      {"fault enospc", "t.tsdbsim:4:7: expected `fault enospc budget=SIZE|off` or `fault enospc free=SIZE`"},
      {"fault latency on=sync", "t.tsdbsim:4:7:"},
      {"crash process at_op=0", "t.tsdbsim:4:15: at_op:"},
  };
  for (const auto& [line, want] : cases) {
    const Ran r = RunText(std::string(kHead) + line + "\nrun 1m\n", {});
    ASSERT_FALSE(r.status.ok()) << line;
    EXPECT_EQ(r.status.message().rfind(want, 0), 0u) << line << " -> " << r.status.message();
  }
}

}  // namespace
}  // namespace tsdbsim
