// The crash explorer and the shrinker: every operation boundary in three
// modes on a clean scenario with no violation; a deliberate engine bug
// (acknowledging before the WAL write) found and shrunk to a few lines
// that a plain run reproduces.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/explore/explorer.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/shrink/scenario_writer.h"
#include "sim/shrink/shrinker.h"

namespace tsdbsim {
namespace {

constexpr char kSmall[] =
    "seed 5\n"
    "config chunk_range=30m wal_segment_size=64KiB block_chunk_segment_size=64KiB head_chunk_write_buffer=64KiB\n"
    "target a series=10\n"
    "target b series=30 churn=0.01\n"
    "BUG\n"
    "run 1h\n";

Scenario Small(bool bug) {
  std::string text = kSmall;
  text.replace(text.find("BUG"), 3, bug ? "fault point bug.head_before_wal chance=0.2" : "");
  auto sc = ParseScenario(text, "small.tsdbsim");
  TSDB_ASSERT(sc.ok());
  return *sc;
}

TEST(ExploreTest, EveryBoundaryInThreeModesAndNoViolationOnTheRealEngine) {
  ExploreOptions o;
  o.max_states = 0;
  auto r = Explore(Small(false), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r->total_ops, 100u);
  EXPECT_EQ(r->stride, 1u);
  EXPECT_EQ(r->states, r->total_ops * 3);
  EXPECT_EQ(r->states_by_mode[static_cast<int>(CrashKind::kTorn)], r->total_ops);
  EXPECT_EQ(r->violating_states, 0u) << (r->violations.empty() ? "" : r->violations[0].summary);
}

// A crash or a torn write anywhere in a leveled compaction (the merged
// block written, its parents renamed away and removed) loses nothing.
TEST(ExploreTest, EveryCrashStateOfALeveledCompactionAndNoViolation) {
  const std::string path = std::string(TSDB_SOURCE_DIR) + "/sim/scenarios/leveled-compaction-crashes.tsdbsim";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream text;
  text << in.rdbuf();
  auto sc = ParseScenario(text.str(), path);
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  ExploreOptions o;
  o.max_states = 0;
  auto r = Explore(*sc, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->failed_expects, 0);  // the run compacted blocks into a level-2 one
  EXPECT_GT(r->total_ops, 400u);
  EXPECT_EQ(r->states, r->total_ops * 3);
  EXPECT_EQ(r->violating_states, 0u) << (r->violations.empty() ? "" : r->violations[0].summary);
}

TEST(ExploreTest, MaxStatesSetsTheStride) {
  ExploreOptions o;
  o.max_states = 90;
  o.modes = {CrashKind::kProcess, CrashKind::kPowerLoss};
  auto r = Explore(Small(false), o);
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->stride, 1u);
  EXPECT_LE(r->states, 90u);
  EXPECT_EQ(r->states, r->total_ops / r->stride * 2);
}

TEST(ExploreTest, FindsTheDeliberateBugAndShrinksItToAFewLines) {
  ExploreOptions o;
  o.max_states = 0;
  auto r = Explore(Small(true), o);
  ASSERT_TRUE(r.ok());
  ASSERT_GT(r->violating_states, 0u);
  // A process crash loses samples it acknowledged: the bug's signature.
  bool process_loss = false;
  for (const auto& v : r->violations) {
    process_loss = process_loss || (v.mode == CrashKind::kProcess && v.summary.find("lost=") != std::string::npos);
  }
  EXPECT_TRUE(process_loss);

  ShrinkOptions so;
  auto shrunk = ShrinkExploreFailure(Small(true), so);
  ASSERT_TRUE(shrunk.ok()) << shrunk.status().ToString();
  EXPECT_LE(shrunk->steps, 8u) << shrunk->text;
  EXPECT_NE(shrunk->text.find("fault point bug.head_before_wal"), std::string::npos) << shrunk->text;
  EXPECT_NE(shrunk->text.find("crash process at_op="), std::string::npos) << shrunk->text;
  // The file, read back, fails a plain run with an oracle violation.
  auto again = ParseScenario(shrunk->text, "shrunk.tsdbsim");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(JudgeRun(*again, std::nullopt).failures.contains("violations")) << shrunk->text;
}

TEST(ShrinkTest, RunFailureKeepsTheFailingExpectAndDropsTheRest) {
  auto sc = ParseScenario(
      "seed 9\n"
      "target a series=40\n"
      "target b series=20 churn=0.05\n"
      "run 2h\n"
      "expect head_series < 5\n"
      "run 1h\n",
      "f.tsdbsim");
  ASSERT_TRUE(sc.ok());
  auto shrunk = ShrinkRunFailure(*sc, {});
  ASSERT_TRUE(shrunk.ok()) << shrunk.status().ToString();
  EXPECT_NE(shrunk->text.find("expect head_series < 5"), std::string::npos);
  EXPECT_EQ(shrunk->text.find("run 1h\n"), std::string::npos) << shrunk->text;  // the trailing run went
  EXPECT_LE(shrunk->steps, 4u) << shrunk->text;
  auto again = ParseScenario(shrunk->text, "s.tsdbsim");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(JudgeRun(*again, std::nullopt).failures.contains("expect head_series"));
}

TEST(ShrinkTest, WriterRoundTripsEveryStepKind) {
  const std::string text =
      "seed 3\n"
      "config chunk_range=1h mmap=off\n"
      "target a synthetic series=5 churn=1%\n"
      "target p self\n"
      "secondary remote_write lag=30s\n"
      "fault point wal.cut_segment chance=0.5\n"
      "fault eio on=write,sync path=/data/wal/* nth=3\n"
      "run 1h30m15s250ms\n"
      "run until mmap within 2h\n"
      "crash torn at_op=900\n"
      "restart\n"
      "remove a\n"
      "expect lost_acked_samples <= 2.5\n";
  auto sc = ParseScenario(text, "w.tsdbsim");
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  const std::string written = WriteScenario(*sc);
  auto back = ParseScenario(written, "w.tsdbsim");
  ASSERT_TRUE(back.ok()) << written;
  EXPECT_EQ(WriteScenario(*back), written);
  EXPECT_NE(written.find("run 1h30m15s250ms"), std::string::npos) << written;
  EXPECT_NE(written.find("crash torn at_op=900"), std::string::npos) << written;
}

}  // namespace
}  // namespace tsdbsim
