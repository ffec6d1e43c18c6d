#include "sim/explore/crash_state.h"

#include "sim/kernel/event_loop.h"
#include "sim/kernel/rng.h"
#include "sim/scenario/simulation_internal.h"

namespace tsdbsim {

tsdb::Result<OracleCheck> CheckCrashState(const Simulation& sim, CrashKind mode, uint64_t op_number) {
  const fault::SimFilesystem& live = sim.disk().sim();
  const CrashContext ctx = sim.oracle().CaptureCrash(mode, [&live](const std::string& path) {
    auto st = live.Inspect(path);
    return st.ok() && st->entry_durable;
  });
  // Each state's randomness is its own: the seed, the operation and the mode.
  Rng rng = Rng(sim.seed()).Fork(op_number * 4 + static_cast<uint64_t>(mode));
  auto image = live.CrashImage(CrashModeOf(mode), rng.NextU64());
  // The restart sees the clock where the crash left it; nothing it
  // schedules (a compaction) ever runs.
  EventLoop idle(sim.loop().NowMs());
  tsdb::db::DbOptions opts = sim.db_options();
  opts.head.fault_points = nullptr;
  tsdb::db::OpenReport report;
  auto db = tsdb::db::DB::Open(image.get(), sim.data_dir(), opts, &idle.clock(), &rng, nullptr, &idle, &report);
  if (!db.ok()) {
    OracleCheck failed;
    failed.open_failed = true;
    failed.open_error = db.status().ToString();
    return failed;
  }
  return sim.oracle().Check(**db, ctx);
}

}  // namespace tsdbsim
