// Fault plans: which calls a rule matches (call kinds, path glob, nth,
// chance, time window, max_times), rule validation, counts, and
// determinism (the same seed and calls give the same faults).
#include <gtest/gtest.h>

#include "unit/sim_fault_util.h"

namespace tsdbsim::fault {
namespace {

using tsdb::AsBytes;

// Appends one byte to each path in turn, n times over; which appends failed.
std::string FailurePattern(SimFilesystem& fs, const std::vector<std::string>& paths, int n) {
  std::vector<std::unique_ptr<tsdb::WritableFile>> files;
  for (const auto& p : paths) files.push_back(std::move(fs.OpenAppend(p)).value());
  std::string out;
  for (int i = 0; i < n; i++) {
    for (auto& f : files) out += f->Append(AsBytes("x")).ok() ? '.' : 'X';
  }
  return out;
}

SimFilesystem* WithDirs(SimFilesystem& fs) {
  TSDB_ASSERT(fs.MkdirAll("/data/wal").ok() && fs.MkdirAll("/data/chunks_head").ok());
  return &fs;
}

TEST(SimFaultPlan, NthCountsOnlyMatchingCalls) {
  SimFilesystem fs;
  WithDirs(fs);
  FaultPlan plan;
  ASSERT_TRUE(plan.Add({.calls = CallSet(FaultCall::kWrite), .path_glob = "/data/wal/*",
                        .nth = 3}).ok());
  fs.SetFaultPlan(&plan);
  // wal, chunks, wal, chunks, wal: the third wal write is the fifth call.
  EXPECT_EQ(FailurePattern(fs, {"/data/wal/1", "/data/chunks_head/1"}, 3), "....X.");
  EXPECT_EQ(plan.matched(0), 3u);
  EXPECT_EQ(plan.fired(0), 1u);
}

TEST(SimFaultPlan, GlobMatchesTheNormalisedAbsolutePathAndStarCrossesSlashes) {
  SimFilesystem fs;
  WithDirs(fs);
  ASSERT_TRUE(fs.MkdirAll("/data/wal/sub").ok());
  FaultPlan plan;
  ASSERT_TRUE(plan.Add({.calls = CallSet(FaultCall::kOpen), .path_glob = "/data/wal/*"}).ok());
  fs.SetFaultPlan(&plan);
  EXPECT_FALSE(fs.Create("/data/wal/1").ok());
  EXPECT_FALSE(fs.Create("data//wal/./2").ok());        // relative to "/", normalised
  EXPECT_FALSE(fs.Create("/data/chunks_head/../wal/3").ok());
  EXPECT_FALSE(fs.Create("/data/wal/sub/4").ok());      // '*' matches '/'
  EXPECT_TRUE(fs.Create("/data/chunks_head/1").ok());
  EXPECT_TRUE(fs.Create("/data/wal.tmp").ok());
  // A rename matches by either of its paths.
  FaultPlan renames;
  ASSERT_TRUE(renames.Add({.calls = CallSet(FaultCall::kRename), .path_glob = "/data/wal/*"}).ok());
  fs.SetFaultPlan(&renames);
  EXPECT_FALSE(fs.Rename("/data/wal.tmp", "/data/wal/5").ok());
  EXPECT_TRUE(fs.Rename("/data/wal.tmp", "/data/x").ok());
}

TEST(SimFaultPlan, TimeWindowIsHalfOpenAndNoClockMeansTimeZero) {
  SimFilesystem fs;
  WithDirs(fs);
  FaultPlan plan;
  ASSERT_TRUE(plan.Add({.calls = CallSet(FaultCall::kList), .from_ms = 100, .until_ms = 200}).ok());
  int64_t now = 0;
  fs.SetFaultPlan(&plan, {.now_ms = [&] { return now; }});
  std::string pattern;
  for (const int64_t t : {0, 99, 100, 150, 199, 200, 1000}) {
    now = t;
    pattern += fs.List("/data").ok() ? '.' : 'X';
  }
  EXPECT_EQ(pattern, "..XXX..");
  FaultPlan at_zero;
  ASSERT_TRUE(at_zero.Add({.calls = CallSet(FaultCall::kList), .from_ms = 0, .until_ms = 1}).ok());
  fs.SetFaultPlan(&at_zero);
  EXPECT_FALSE(fs.List("/data").ok());
}

TEST(SimFaultPlan, MaxTimesCapsAndChanceIsDrawnPerCall) {
  SimFilesystem fs;
  WithDirs(fs);
  FaultPlan plan;
  ASSERT_TRUE(plan.Add({.calls = CallSet(FaultCall::kWrite), .path_glob = "/data/wal/1",
                        .max_times = 2}).ok());
  ASSERT_TRUE(plan.Add({.calls = CallSet(FaultCall::kWrite), .path_glob = "/data/wal/2",
                        .chance_ppm = 250'000}).ok());
  ASSERT_TRUE(plan.Add({.calls = CallSet(FaultCall::kWrite), .path_glob = "/data/wal/3",
                        .chance_ppm = 0}).ok());
  fs.SetFaultPlan(&plan, {.seed = 11});
  const std::string p = FailurePattern(fs, {"/data/wal/1", "/data/wal/2", "/data/wal/3"}, 2000);
  std::string first, second, third;
  for (size_t i = 0; i < p.size(); i += 3) {
    first += p[i];
    second += p[i + 1];
    third += p[i + 2];
  }
  EXPECT_EQ(first.substr(0, 3), "XX.");
  EXPECT_EQ(plan.fired(0), 2u);
  EXPECT_EQ(plan.matched(0), 2000u);
  // About a quarter (a binomial's 2000 draws stay within 400..600 here).
  EXPECT_GT(plan.fired(1), 400u);
  EXPECT_LT(plan.fired(1), 600u);
  EXPECT_EQ(plan.fired(2), 0u);
  EXPECT_EQ(third.find('X'), std::string::npos);
}

// The same seed and calls give the same faults; another seed others; and
// a rule added after the others changes none of their decisions.
TEST(SimFaultPlan, DecisionsDependOnlyOnTheSeedAndTheCalls) {
  const auto run = [](uint64_t seed, bool extra_rule) {
    SimFilesystem fs;
    WithDirs(fs);
    FaultPlan plan;
    TSDB_ASSERT(plan.Add({.calls = CallSet(FaultCall::kWrite), .chance_ppm = 300'000}).ok());
    TSDB_ASSERT(plan.Add({.action = FaultAction::kLatency, .chance_ppm = 500'000,
                          .latency_ms = 5}).ok());
    if (extra_rule) {
      TSDB_ASSERT(plan.Add({.action = FaultAction::kLatency, .chance_ppm = 500'000,
                            .latency_ms = 7}).ok());
    }
    std::string trace;
    fs.SetFaultPlan(&plan, {.seed = seed, .on_fault = [&](const FaultEvent& e) {
                              if (e.latency_ms == 7) return;  // the extra rule
                              trace += std::string(FaultKindName(e.kind)) + "@" +
                                       std::to_string(e.offset_bytes) + " ";
                            }});
    return FailurePattern(fs, {"/data/wal/1", "/data/wal/2"}, 100) + " " + trace;
  };
  EXPECT_EQ(run(5, false), run(5, false));
  EXPECT_NE(run(5, false), run(6, false));
  EXPECT_EQ(run(5, false), run(5, true));
}

TEST(SimFaultPlan, OneFailurePerCallAndCorruptionOnlyWhenTheCallSucceeds) {
  SimFilesystem fs;
  WithDirs(fs);
  FaultPlan plan;
  ASSERT_TRUE(plan.Add({.action = FaultAction::kBitFlip, .calls = CallSet(FaultCall::kWrite)}).ok());
  ASSERT_TRUE(plan.Add({.calls = CallSet(FaultCall::kWrite)}).ok());
  ASSERT_TRUE(plan.Add({.calls = CallSet(FaultCall::kWrite)}).ok());
  std::vector<FaultEvent> events;
  fs.SetFaultPlan(&plan, {.on_fault = [&](const FaultEvent& e) { events.push_back(e); }});
  auto f = std::move(fs.Create("/data/wal/1")).value();
  EXPECT_FALSE(f->Append(AsBytes("abc")).ok());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].rule, 1);
  EXPECT_EQ(plan.fired(0), 0u);  // nothing was stored to flip
  EXPECT_EQ(plan.fired(1), 1u);
  EXPECT_EQ(plan.fired(2), 0u);
  EXPECT_EQ(plan.matched(2), 1u);
  EXPECT_EQ(plan.Summary(),
            "rule 0: bit_flip write *: fired 0 of 1\n"
            "rule 1: eio write *: fired 1 of 1\n"
            "rule 2: eio write *: fired 0 of 1\n");
  plan.ResetCounts();
  EXPECT_EQ(plan.matched(1), 0u);
  // Detached: no more faults.
  fs.SetFaultPlan(nullptr);
  EXPECT_TRUE(f->Append(AsBytes("abc")).ok());
}

TEST(SimFaultPlan, RulesThatCannotApplyAreRefusedWithTheirIndex) {
  FaultPlan plan;
  ASSERT_TRUE(plan.Add({}).ok());
  EXPECT_EQ(plan.Add({.action = FaultAction::kFsyncFail, .calls = CallSet(FaultCall::kWrite)})
                .status()
                .message(),
            "fault rule 1 (fsync_fail): applies to sync calls, not write");
  EXPECT_EQ(plan.Add({.action = FaultAction::kBitFlip, .calls = CallSet(FaultCall::kSync)})
                .status()
                .message(),
            "fault rule 1 (bit_flip): applies to write,read,map calls, not sync");
  EXPECT_FALSE(plan.Add({.chance_ppm = 1'000'001}).ok());
  EXPECT_FALSE(plan.Add({.from_ms = 5, .until_ms = 5}).ok());
  EXPECT_FALSE(plan.Add({.path_glob = ""}).ok());
  EXPECT_EQ(plan.Add({.action = FaultAction::kLatency}).status().message(),
            "fault rule 1 (latency): latency_ms must be positive");
  // An action's calls are kept to those it can apply to.
  auto i = plan.Add({.action = FaultAction::kLatentSector});
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(plan.rules()[*i].calls, CallSet(FaultCall::kWrite));
  EXPECT_EQ(plan.rules().size(), 2u);
}

TEST(SimFaultPlan, NamesRoundTrip) {
  for (uint32_t bit = 1; bit <= CallSet(FaultCall::kList); bit <<= 1) {
    const auto call = static_cast<FaultCall>(bit);
    FaultCall parsed = FaultCall::kWrite;
    ASSERT_TRUE(ParseFaultCall(FaultCallName(call), &parsed)) << bit;
    EXPECT_EQ(parsed, call);
  }
  for (const FaultAction a : {FaultAction::kEio, FaultAction::kFsyncFail,
                              FaultAction::kLatentSector, FaultAction::kBitFlip,
                              FaultAction::kLatency}) {
    FaultAction parsed = FaultAction::kEio;
    ASSERT_TRUE(ParseFaultAction(FaultActionName(a), &parsed));
    EXPECT_EQ(parsed, a);
  }
  FaultCall unused;
  EXPECT_FALSE(ParseFaultCall("fsync", &unused));
  EXPECT_EQ(FaultCallSetName(kAllFaultCalls), "*");
  EXPECT_EQ(FaultCallSetName(CallSet(FaultCall::kSync) | CallSet(FaultCall::kSyncDir)),
            "sync,sync_dir");
}

}  // namespace
}  // namespace tsdbsim::fault
