// Shrinking (QuickCheck, Hypothesis, delta debugging): a failing scenario is
// cut down to the fewest steps, the shortest runs, the fewest series and
// options that still fail the same way, and written as a scenario file that
// `tsdbsim run` reproduces. Every candidate is written out and parsed back,
// so the result is exactly what the file says.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "sim/scenario/oracle.h"
#include "sim/scenario/scenario.h"

namespace tsdbsim {

struct ShrinkOptions {
  std::optional<uint64_t> seed;  // overrides the scenario's, as in the failing run
  std::vector<CrashKind> explore_modes = {CrashKind::kProcess, CrashKind::kPowerLoss, CrashKind::kTorn};
  uint64_t explore_max_states = 3000;  // per candidate, when shrinking an explore failure
  int max_attempts = 500;              // candidates tried at most
};

struct ShrinkResult {
  Scenario scenario;
  std::string text;        // the scenario file
  size_t steps = 0;        // steps in it, the seed line included
  int attempts = 0;
  std::string failure;     // how it fails
};

// How one run of a scenario ends, as the shrinker compares runs.
struct RunVerdict {
  bool bad_scenario = false;       // the candidate is not a valid scenario
  std::set<std::string> failures;  // failing expects' metrics, "violations", "error"
};
RunVerdict JudgeRun(const Scenario& scenario, std::optional<uint64_t> seed);

// For a run that fails (an expect, an engine error or an oracle violation).
tsdb::Result<ShrinkResult> ShrinkRunFailure(const Scenario& scenario, const ShrinkOptions& options);
// For a scenario in which `explore` finds a violation: shrinks it, then
// pins the first violating crash as `crash MODE at_op=N` + `restart` +
// `expect violations == 0`, so that a plain run reproduces it.
tsdb::Result<ShrinkResult> ShrinkExploreFailure(const Scenario& scenario, const ShrinkOptions& options);

tsdb::Status WriteShrunkScenario(const ShrinkResult& result, const std::string& path);

}  // namespace tsdbsim
