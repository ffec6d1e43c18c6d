// The same seed runs the same scrapes at the same virtual times, twice in a
// row: identical event traces and identical stored samples.
#include <gtest/gtest.h>

#include "sim/targets/synthetic_target.h"
#include "support/scrape_rig.h"
#include "support/trace_sink.h"

namespace tsdb::testing {
namespace {

struct RunResult {
  std::vector<std::string> trace;
  std::map<std::string, std::map<int64_t, uint64_t>> samples;
  size_t delivered = 0;
};

RunResult RunScenario(uint64_t seed) {
  TraceSink sink;
  auto rig = std::make_unique<ScrapeRig>(seed, tsdbsim::RemoteWriteReceiverOptions{}, &sink);
  sink.set_clock(&rig->loop.clock());
  tsdbsim::Rng seeds(seed);
  tsdbsim::SyntheticTargetSpec steady;
  steady.address = "node-1:9100";
  tsdbsim::SyntheticTargetSpec churny = steady;
  churny.address = "node-2:9100";
  churny.churn_ppm = 50'000;
  tsdbsim::SyntheticTargetSpec flaky = steady;
  flaky.address = "node-3:9100";
  flaky.http_error_ppm = 100'000;
  flaky.malformed_ppm = 100'000;
  flaky.timeout_ppm = 50'000;
  flaky.latency_ms = 120;
  flaky.latency_jitter_ms = 400;
  tsdbsim::SyntheticTarget a(steady, seeds.NextU64()), b(churny, seeds.NextU64()), c(flaky, seeds.NextU64());
  scrape::JobConfig node{ScrapeRig::Job("node", 15'000), {{&a, Labels()}, {&b, Labels()}}};
  scrape::JobConfig edge{ScrapeRig::Job("edge", 10'000), {{&c, Labels::FromStrings({"zone", "z1"})}}};
  TSDB_ASSERT(rig->manager->ApplyConfig({node, edge}).ok());
  rig->loop.RunUntil(ScrapeRig::kStartMs + 20 * 60'000);
  // Remove one target mid-run: its stale markers are part of the story.
  node.targets.pop_back();
  TSDB_ASSERT(rig->manager->ApplyConfig({node, edge}).ok());
  rig->loop.RunUntil(ScrapeRig::kStartMs + 25 * 60'000);
  RunResult r{sink.lines, rig->AllSamples(), rig->receiver.delivered_sample_count()};
  rig.reset();
  return r;
}

TEST(ScrapeDeterminismTest, SameSeedSameScrapesAtTheSameVirtualTimes) {
  const RunResult first = RunScenario(42);
  const RunResult second = RunScenario(42);
  ASSERT_GT(first.trace.size(), 1000u);
  EXPECT_EQ(first.trace, second.trace);
  EXPECT_EQ(first.samples, second.samples);
  EXPECT_EQ(first.delivered, second.delivered);
  // Every kind of thing happened in the run.
  auto count = [&](const std::string& what) {
    return std::count_if(first.trace.begin(), first.trace.end(),
                         [&](const std::string& l) { return l.find(what) != std::string::npos; });
  };
  EXPECT_GT(count(" scrape_start "), 200);
  EXPECT_GT(count(" stale_markers "), 0);
  EXPECT_GT(count(" target_removed "), 0);
  EXPECT_GT(count(" wal_record_written "), 200);
}

TEST(ScrapeDeterminismTest, AnotherSeedGivesAnotherRun) {
  EXPECT_NE(RunScenario(42).trace, RunScenario(43).trace);
}

}  // namespace
}  // namespace tsdb::testing
