#include "sim/explore/explorer.h"

#include "sim/explore/crash_state.h"
#include "sim/scenario/sim_disk.h"
#include "sim/scenario/simulation_internal.h"

namespace tsdbsim {
namespace {

// Pass one: how many operations the run makes.
tsdb::Result<uint64_t> CountOps(const Scenario& scenario, const ExploreOptions& options) {
  SimFilesystemDisk disk;
  SimulationOptions so;
  so.seed = options.seed;
  Simulation sim(scenario, &disk, so);
  TSDB_RETURN_IF_ERROR(sim.Run());
  return sim.fs_ops();
}

std::string OpText(const fault::FsOp& op) {
  std::string s = std::string(fault::FsOpKindName(op.kind)) + " " + op.path;
  if (!op.to_path.empty()) s += " -> " + op.to_path;
  if (op.length_bytes > 0) s += " @" + std::to_string(op.offset_bytes) + "+" + std::to_string(op.length_bytes);
  return s;
}

}  // namespace

tsdb::Result<ExploreResult> Explore(const Scenario& scenario, const ExploreOptions& options) {
  ExploreResult r;
  TSDB_ASSIGN_OR_RETURN(r.total_ops, CountOps(scenario, options));
  const uint64_t modes = options.modes.size();
  TSDB_ASSERT(modes > 0);
  const uint64_t all_states = r.total_ops * modes;
  if (options.max_states > 0 && all_states > options.max_states) {
    r.stride = (all_states + options.max_states - 1) / options.max_states;
  }
  const uint64_t planned = r.total_ops / r.stride * modes;

  SimFilesystemDisk disk;
  SimulationOptions so;
  so.seed = options.seed;
  Simulation* sim_ptr = nullptr;
  tsdb::Status inner;  // a state the explorer itself could not build
  so.on_fs_op = [&](const fault::FsOp& op, uint64_t n) {
    if (n % r.stride != 0 || !inner.ok()) return;
    const Simulation& sim = *sim_ptr;
    const CrashContext* pending = sim.unchecked_crash();
    if (pending != nullptr && pending->kind != CrashKind::kProcess) {
      // The oracle cannot yet tell which losses that power loss allowed.
      r.skipped_recovering++;
      return;
    }
    for (const CrashKind mode : options.modes) {
      auto check = CheckCrashState(sim, mode, n);
      if (!check.ok()) {
        inner = check.status().Wrap("explore op " + std::to_string(n));
        return;
      }
      r.states++;
      r.states_by_mode[static_cast<int>(mode)]++;
      if (check->violations() > 0) {
        r.violating_states++;
        if (r.violations.size() < options.keep_violations) {
          r.violations.push_back(
              {n, mode, sim.loop().NowMs() - kSimEpochMs, sim.current_line(), OpText(op), check->Summary()});
        }
      }
      if (options.progress) options.progress(r.states, planned);
    }
  };
  Simulation sim(scenario, &disk, so);
  sim_ptr = &sim;
  r.seed = sim.seed();
  TSDB_RETURN_IF_ERROR(sim.Run());
  TSDB_RETURN_IF_ERROR(inner);
  r.failed_expects = sim.failed_expects();
  return r;
}

}  // namespace tsdbsim
