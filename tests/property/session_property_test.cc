// The stepping API over generated scenarios and seeds: any mix of steps,
// runs to times and lines gives the trace hash of `tsdbsim run`; seeking to
// T2 and back to T1 gives the world of running to T1; a fork leaves its
// origin's run unchanged and `tsdbsim run` of the fork's text reproduces
// the fork's own hash.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "sim/step/world_json.h"
#include "support/session_support.h"

namespace tsdbsim {
namespace {

struct GenScenario {
  std::string text;
  int64_t total_ms = 0;
};

void showValue(const GenScenario& g, std::ostream& os) { os << g.text; }

// A short run of one or two targets with a crash (any kind) in the middle
// and the restart after it, under a seed.
rc::Gen<GenScenario> GenScenarios() {
  return rc::gen::exec([] {
    const int chunk_range_min = *rc::gen::element(10, 20, 30);
    const int series = *rc::gen::inRange(3, 25);
    const int first_min = *rc::gen::inRange(5, 40);
    const int second_min = *rc::gen::inRange(1, 20);
    const std::string crash = *rc::gen::element<std::string>("process", "power_loss", "torn");
    const bool second_target = *rc::gen::arbitrary<bool>();
    GenScenario g;
    g.text = "seed " + std::to_string(*rc::gen::inRange(1, 1'000'000)) + "\n" +
             "config chunk_range=" + std::to_string(chunk_range_min) + "m wal_segment_size=32KiB\n" +
             "target a series=" + std::to_string(series) + " churn=0.01\n" +
             (second_target ? "target b job=edge interval=30s series=5 http_errors=0.05\n" : "") +
             "run " + std::to_string(first_min) + "m\n" +
             "crash " + crash + "\n" +
             "restart\n" +
             "run " + std::to_string(second_min) + "m\n";
    g.total_ms = int64_t{first_min + second_min} * 60'000;
    return g;
  });
}

enum class Drive { kStep, kStepTo, kRunLine, kRunUntil };

RC_GTEST_PROP(SessionProperty, AnyDrivingGivesTheTraceHashOfRun, ()) {
  const GenScenario g = *GenScenarios();
  const std::string want = RunHash(g.text, "gen");
  auto s = OpenText(g.text, "gen");
  const auto drives = *rc::gen::container<std::vector<Drive>>(
      *rc::gen::inRange(1, 12), rc::gen::element(Drive::kStep, Drive::kStepTo, Drive::kRunLine, Drive::kRunUntil));
  for (const Drive d : drives) {
    if (s->done()) break;
    switch (d) {
      case Drive::kStep:
        RC_ASSERT(s->Step().ok());
        break;
      case Drive::kStepTo:
        RC_ASSERT(s->StepTo(*rc::gen::element<std::string>("chunk_cut", "mmap", "scrape", "fsync", "crash",
                                                              "replay_segment", "wal_segment"))
                      .ok());
        break;
      case Drive::kRunLine:
        RC_ASSERT(s->RunLine().ok());
        break;
      case Drive::kRunUntil:
        RC_ASSERT(s->RunUntil(*rc::gen::inRange<int64_t>(s->elapsed_ms(), g.total_ms + 1)).ok());
        break;
    }
  }
  RC_ASSERT(s->RunToEnd().ok());
  RC_ASSERT(s->TraceHashHex() == want);
  RC_ASSERT(s->simulation().oracle().durable_samples() == s->simulation().oracle().CountDurableSamples());
}

RC_GTEST_PROP(SessionProperty, SeekBackGivesTheWorldOfRunningForward, ()) {
  const GenScenario g = *GenScenarios();
  const int64_t t1 = *rc::gen::inRange<int64_t>(0, g.total_ms + 1);
  const int64_t t2 = *rc::gen::inRange<int64_t>(t1, g.total_ms + 1);
  auto forward = OpenText(g.text, "gen");
  RC_ASSERT(forward->RunUntil(t1).ok());
  const World want = forward->TakeWorld();
  auto s = OpenText(g.text, "gen");
  RC_ASSERT(s->Seek(t2).ok());
  RC_ASSERT(s->Seek(t1).ok());
  const World got = s->TakeWorld();
  RC_ASSERT(got == want);
}

RC_GTEST_PROP(SessionProperty, ForkLeavesTheOriginAndReproducesItself, ()) {
  const GenScenario g = *GenScenarios();
  const std::string origin_hash = RunHash(g.text, "gen");
  const int64_t at = *rc::gen::inRange<int64_t>(0, g.total_ms + 1);
  auto s = OpenText(g.text, "gen");
  RC_ASSERT(s->Seek(at).ok());
  const World before = s->TakeWorld();
  std::vector<std::string> lines;
  if (before.process_up) lines.push_back("crash " + *rc::gen::element<std::string>("process", "power_loss", "torn"));
  if (before.replay.opens > 0) lines.push_back("restart");  // started once: up now, or down after the crash
  lines.push_back("run " + std::to_string(*rc::gen::inRange(1, 30)) + "m");
  auto fork = s->Fork(lines);
  RC_ASSERT(fork.ok());
  RC_ASSERT((*fork)->RunToEnd().ok());
  RC_ASSERT(RunHash(s->ForkText(lines), "fork") == (*fork)->TraceHashHex());
  RC_ASSERT(s->TakeWorld() == before);
  RC_ASSERT(s->RunToEnd().ok());
  RC_ASSERT(s->TraceHashHex() == origin_hash);
}

}  // namespace
}  // namespace tsdbsim
