// The crash explorer (ALICE, B3): runs a scenario once and, at every
// filesystem operation boundary (or every k-th, to stay within a budget),
// takes the image each crash mode would leave there, opens the DB on it as
// a restart would, and checks the oracle's contract (sim/scenario/oracle.h).
// The run itself goes on untouched; every state is checked on its own copy.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "sim/scenario/oracle.h"
#include "sim/scenario/scenario.h"

namespace tsdbsim {

struct ExploreOptions {
  std::vector<CrashKind> modes = {CrashKind::kProcess, CrashKind::kPowerLoss, CrashKind::kTorn};
  uint64_t max_states = 10'000;  // 0: every boundary
  std::optional<uint64_t> seed;  // overrides the scenario's
  size_t keep_violations = 20;   // how many to describe
  // Called after each state with (states so far, planned states).
  std::function<void(uint64_t, uint64_t)> progress;
};

struct ExploreViolation {
  uint64_t op = 0;         // crash right after this operation
  CrashKind mode = CrashKind::kProcess;
  int64_t t_ms = 0;        // virtual time since the start of the run
  int line = 0;            // of the scenario step that was running
  std::string op_text;     // "append /data/wal/00000001 @4096+120"
  std::string summary;     // OracleCheck::Summary()
};

struct ExploreResult {
  uint64_t seed = 0;
  uint64_t total_ops = 0;      // operations of the whole run
  uint64_t stride = 1;         // every stride-th boundary was explored
  uint64_t states = 0;
  uint64_t states_by_mode[4] = {};
  uint64_t skipped_recovering = 0;  // boundaries inside a restart after a power loss
  uint64_t violating_states = 0;
  std::vector<ExploreViolation> violations;  // the first keep_violations
  int failed_expects = 0;  // of the run itself
};

// Runs the scenario twice: once to count its operations, once exploring.
// An error is a scenario the simulator could not run at all.
tsdb::Result<ExploreResult> Explore(const Scenario& scenario, const ExploreOptions& options);

}  // namespace tsdbsim
