#include "sim/shrink/shrinker.h"

#include <algorithm>

#include "engine/base/posix_filesystem.h"
#include "sim/explore/explorer.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/sim_disk.h"
#include "sim/scenario/simulation.h"
#include "sim/shrink/reducer.h"
#include "sim/shrink/scenario_writer.h"

namespace tsdbsim {
namespace {

// The failing run's seed goes into the file, so it reproduces without flags.
Scenario WithSeed(Scenario sc, std::optional<uint64_t> seed) {
  if (!seed) return sc;
  std::erase_if(sc.steps, [](const Step& s) { return s.kind == Step::Kind::kSeed; });
  Step s{};
  s.kind = Step::Kind::kSeed;
  s.seed = *seed;
  sc.steps.insert(sc.steps.begin(), s);
  sc.seed = seed;
  return sc;
}

std::string Join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

ShrinkResult Finish(const Scenario& sc, int attempts, const std::string& failure, const std::string& header) {
  ShrinkResult r;
  r.scenario = sc;
  r.steps = sc.steps.size();
  r.attempts = attempts;
  r.failure = failure;
  r.text = WriteScenario(sc, header);
  return r;
}

}  // namespace

RunVerdict JudgeRun(const Scenario& scenario, std::optional<uint64_t> seed) {
  SimFilesystemDisk disk;
  SimulationOptions so;
  so.seed = seed;
  Simulation sim(scenario, &disk, so);
  const tsdb::Status st = sim.Run();
  RunVerdict v;
  if (!st.ok() && st.code() == tsdb::StatusCode::kInvalidArgument) {
    v.bad_scenario = true;
    return v;
  }
  if (!st.ok()) v.failures.insert("error");
  for (const ExpectOutcome& o : sim.outcomes()) {
    if (!o.passed && o.error.empty()) v.failures.insert(o.text.substr(0, o.text.find(' ', 7)));
  }
  if (sim.oracle().total_violations() > 0) v.failures.insert("violations");
  return v;
}

tsdb::Result<ShrinkResult> ShrinkRunFailure(const Scenario& scenario, const ShrinkOptions& options) {
  const Scenario start = WithSeed(scenario, options.seed);
  const RunVerdict first = JudgeRun(start, std::nullopt);
  if (first.bad_scenario || first.failures.empty()) {
    return tsdb::Status::InvalidArgument("the scenario does not fail with this seed: nothing to shrink");
  }
  Reducer reducer(start, [&](const Scenario& cand) {
    const RunVerdict v = JudgeRun(cand, std::nullopt);
    if (v.bad_scenario) return false;
    return std::any_of(v.failures.begin(), v.failures.end(), [&](const std::string& f) { return first.failures.contains(f); });
  }, options.max_attempts);
  reducer.Run();
  const RunVerdict last = JudgeRun(reducer.best(), std::nullopt);
  return Finish(reducer.best(), reducer.attempts(), Join(last.failures),
                "Shrunk by tsdbsim from " + scenario.file + ": fails with " + Join(last.failures) +
                    ".\nReproduce: tsdbsim run FILE");
}

tsdb::Result<ShrinkResult> ShrinkExploreFailure(const Scenario& scenario, const ShrinkOptions& options) {
  const Scenario start = WithSeed(scenario, options.seed);
  ExploreOptions eo;
  eo.modes = options.explore_modes;
  eo.max_states = options.explore_max_states;
  eo.keep_violations = 1;
  auto finds = [&eo](const Scenario& cand) {
    auto r = Explore(cand, eo);
    return r.ok() && r->violating_states > 0;
  };
  if (!finds(start)) return tsdb::Status::InvalidArgument("explore finds no violation here: nothing to shrink");
  Reducer reducer(start, finds, options.max_attempts);
  reducer.Run();
  const Scenario& best = reducer.best();
  // Pin the first violating crash so that a plain run shows it.
  eo.max_states = 0;
  TSDB_ASSIGN_OR_RETURN(const ExploreResult all, Explore(best, eo));
  if (all.violations.empty()) return Finish(best, reducer.attempts(), "explore violation", "explore finds a violation");
  const ExploreViolation& v = all.violations.front();
  auto at = std::find_if(best.steps.begin(), best.steps.end(), [&](const Step& s) { return s.line == v.line; });
  if (at != best.steps.end() && at->kind != Step::Kind::kRestart) {
    Scenario pinned = best;
    const auto idx = at - best.steps.begin();
    pinned.steps.resize(static_cast<size_t>(idx) + 1);
    Step crash{};
    crash.kind = Step::Kind::kCrash;
    crash.name = CrashKindName(v.mode);
    crash.options.push_back({"at_op", std::to_string(v.op), 0});
    pinned.steps.insert(pinned.steps.begin() + idx, crash);
    Step restart{};
    restart.kind = Step::Kind::kRestart;
    pinned.steps.push_back(restart);
    Step expect{};
    expect.kind = Step::Kind::kExpect;
    expect.name = "violations";
    expect.kind_word = "==";
    pinned.steps.push_back(expect);
    auto reparsed = ParseScenario(WriteScenario(pinned), scenario.file);
    if (reparsed.ok() && JudgeRun(*reparsed, std::nullopt).failures.contains("violations")) {
      return Finish(*reparsed, reducer.attempts(), v.summary,
                    "Shrunk by tsdbsim explore from " + scenario.file + ".\nA crash (" + CrashKindName(v.mode) +
                        ") right after operation " + std::to_string(v.op) + " (" + v.op_text +
                        ") breaks the contract:\n" + v.summary + "\nReproduce: tsdbsim run FILE");
    }
  }
  return Finish(best, reducer.attempts(), v.summary,
                "Shrunk by tsdbsim explore from " + scenario.file + ".\n`tsdbsim explore FILE` finds: crash " +
                    CrashKindName(v.mode) + " after op " + std::to_string(v.op) + ": " + v.summary);
}

tsdb::Status WriteShrunkScenario(const ShrinkResult& result, const std::string& path) {
  tsdb::PosixFilesystem host;
  TSDB_ASSIGN_OR_RETURN(auto f, host.Create(path));
  TSDB_RETURN_IF_ERROR(f->Append(tsdb::ByteView(reinterpret_cast<const uint8_t*>(result.text.data()), result.text.size())));
  TSDB_RETURN_IF_ERROR(f->Sync());
  return f->Close();
}

}  // namespace tsdbsim
