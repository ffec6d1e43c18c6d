// The scenario language: well-formed scenarios parse into steps, and every
// malformed line is reported as FILE:LINE:COL with what was expected.
#include <gtest/gtest.h>

#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/values.h"

namespace tsdbsim {
namespace {

TEST(ScenarioParserTest, ParsesTheDesignExample) {
  const char* text =
      "# the example of DESIGN.md\n"
      "seed 42\n"
      "config chunk_range=2h scrape_interval=15s\n"
      "target node series=200 churn=0.01   # trailing comment\n"
      "\n"
      "run 3h30m\n"
      "expect blocks == 1\n"
      "crash power_loss\n"
      "restart\n"
      "run until compaction within 4h\n"
      "expect lost_acked_samples == 0\n";
  auto sc = ParseScenario(text, "example.tsdbsim");
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  ASSERT_EQ(sc->steps.size(), 9u);
  EXPECT_EQ(sc->seed, 42u);
  EXPECT_EQ(sc->steps[1].options.size(), 2u);
  EXPECT_EQ(sc->steps[1].options[1].key, "scrape_interval");
  EXPECT_EQ(sc->steps[1].options[1].column, 23);
  EXPECT_EQ(sc->steps[2].name, "node");
  EXPECT_EQ(sc->steps[2].kind_word, "synthetic");
  EXPECT_EQ(sc->steps[3].duration_ms, 3 * 3'600'000 + 30 * 60'000);
  EXPECT_EQ(sc->steps[4].kind_word, "==");
  EXPECT_EQ(sc->steps[5].name, "power_loss");
  EXPECT_EQ(sc->steps[7].kind, Step::Kind::kRunUntil);
  EXPECT_EQ(sc->steps[7].duration_ms, 4 * 3'600'000);
  EXPECT_EQ(sc->steps[7].line, 10);
}

struct BadLine {
  const char* text;
  const char* error;  // the whole message after "bad.tsdbsim:"
};

class ScenarioParserBadLineTest : public ::testing::TestWithParam<BadLine> {};

TEST_P(ScenarioParserBadLineTest, NamesFileLineAndColumn) {
  const std::string text = std::string("seed 1\n") + GetParam().text + "\n";
  auto sc = ParseScenario(text, "bad.tsdbsim");
  ASSERT_FALSE(sc.ok()) << GetParam().text;
  EXPECT_EQ(sc.status().code(), tsdb::StatusCode::kInvalidArgument);
  EXPECT_EQ(sc.status().message(), std::string("bad.tsdbsim:") + GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ScenarioParserBadLineTest,
    ::testing::Values(
        BadLine{"sed 2", "2:1: unknown step \"sed\" (expected one of seed, config, target, remove, secondary, run, "
                         "crash, restart, shutdown, expect, fault)"},
        BadLine{"shutdown now", "2:10: unexpected \"now\" (expected `shutdown`)"},
        BadLine{"fault flood", "2:7: unknown fault \"flood\" (expected one of eio, fsync_fail, enospc, "
                               "latent_sector, bit_flip, latency, point, swarm)"},
        BadLine{"fault point", "2:12: missing argument (expected `fault point NAME key=value ...`)"},
        BadLine{"crash torn at_op", "2:12: expected key=value, got \"at_op\""},
        BadLine{"seed", "2:5: missing argument (expected `seed N`)"},
        BadLine{"seed -3", "2:6: expected an unsigned 64-bit integer, got \"-3\""},
        BadLine{"seed 1 2", "2:8: unexpected \"2\" (expected `seed N`)"},
        BadLine{"config", "2:7: missing argument (expected `config key=value ...`)"},
        BadLine{"config chunk_range", "2:8: expected key=value, got \"chunk_range\""},
        BadLine{"config =2h", "2:8: expected key=value, got \"=2h\""},
        BadLine{"config chunk_range=", "2:8: expected key=value, got \"chunk_range=\""},
        BadLine{"target", "2:7: missing argument (expected `target NAME [synthetic|scripted|self] key=value ...`)"},
        BadLine{"target a bogus", "2:10: unknown target kind \"bogus\" (expected synthetic, scripted or self)"},
        BadLine{"target a synthetic churn", "2:20: expected key=value, got \"churn\""},
        BadLine{"remove", "2:7: missing argument (expected `remove NAME`)"},
        BadLine{"secondary kafka", "2:11: unknown secondary \"kafka\" (expected remote_write)"},
        BadLine{"run", "2:4: missing argument (expected `run DURATION | run until EVENT [within DURATION]`)"},
        BadLine{"run 3 hours", "2:7: unexpected \"hours\" (expected `run DURATION`)"},
        BadLine{"run 3", "2:5: expected a duration like 90s, 1h30m or 500ms, got \"3\""},
        BadLine{"run -1h", "2:5: expected a duration like 90s, 1h30m or 500ms, got \"-1h\""},
        BadLine{"run 1h30", "2:5: expected a duration like 90s, 1h30m or 500ms, got \"1h30\""},
        BadLine{"run until", "2:10: missing argument (expected `run until EVENT [within DURATION]`)"},
        BadLine{"run until lunch", "2:11: unknown event \"lunch\" (expected chunk_cut, mmap, compaction, checkpoint or "
                                   "wal_segment)"},
        BadLine{"run until mmap after 2h", "2:16: expected `within DURATION`"},
        BadLine{"run until mmap within", "2:22: missing argument (expected `run until EVENT within DURATION`)"},
        BadLine{"crash hard", "2:7: unknown crash \"hard\" (expected process, power_loss or torn)"},
        BadLine{"restart now", "2:9: unexpected \"now\" (expected `restart`)"},
        BadLine{"expect blocks", "2:14: missing argument (expected `expect NAME OP NUMBER`)"},
        BadLine{"expect blocks = 1", "2:15: unknown operator \"=\" (expected ==, !=, <, <=, > or >=)"},
        BadLine{"expect blocks == one", "2:18: expected a number, got \"one\""},
        BadLine{"seed 7", "2:1: a second seed step"}));

TEST(ScenarioParserTest, GarbageNeverCrashes) {
  std::string junk;
  for (int i = 0; i < 4096; i++) junk.push_back(static_cast<char>((i * 7919) % 251 + 1));
  auto sc = ParseScenario(junk, "junk");
  EXPECT_FALSE(sc.ok());
  EXPECT_TRUE(sc.status().message().starts_with("junk:1:")) << sc.status().message();
  EXPECT_FALSE(ParseScenario(std::string("run 1h\0x", 8), "nul").ok());
}

TEST(ScenarioValuesTest, DurationsSizesRatios) {
  EXPECT_EQ(*ParseDurationMs("1h30m"), 90 * 60'000);
  EXPECT_EQ(*ParseDurationMs("500ms"), 500);
  EXPECT_EQ(*ParseDurationMs("2d"), 2 * 86'400'000);
  EXPECT_FALSE(ParseDurationMs("").ok());
  EXPECT_FALSE(ParseDurationMs("99999999999999999h").ok());
  EXPECT_EQ(*ParseBytes("4MiB"), 4 << 20);
  EXPECT_EQ(*ParseBytes("32768"), 32768);
  EXPECT_FALSE(ParseBytes("4MB").ok());
  EXPECT_EQ(*ParseRatioPpm("0.01"), 10'000u);
  EXPECT_EQ(*ParseRatioPpm("5%"), 50'000u);
  EXPECT_EQ(*ParseRatioPpm("1"), 1'000'000u);
  EXPECT_FALSE(ParseRatioPpm("1.5").ok());
  EXPECT_FALSE(ParseRatioPpm("0.0000001").ok());
}

}  // namespace
}  // namespace tsdbsim
