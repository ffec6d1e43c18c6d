#include "sim/explore/crash_state.h"

#include "sim/kernel/event_loop.h"
#include "sim/kernel/rng.h"
#include "sim/scenario/simulation_internal.h"

namespace tsdbsim {

tsdb::Result<OracleCheck> CheckCrashState(const Simulation& sim, CrashKind mode, uint64_t op_number) {
  const fault::SimFilesystem& live = sim.disk().sim();
  CrashContext ctx = sim.oracle().CaptureCrash(mode, live);
  auto image = live.CrashImage(CrashModeOf(mode), CrashImageSeed(sim.seed(), op_number, mode));
  // The restart's own randomness (block ULIDs), apart from the run's.
  Rng rng = Rng(sim.seed()).Fork(op_number);
  // The restart sees the clock where the crash left it; nothing it
  // schedules (a compaction) ever runs.
  EventLoop idle(sim.loop().NowMs());
  tsdb::db::DbOptions opts = sim.db_options();
  opts.head.fault_points = nullptr;
  tsdb::db::OpenReport report;
  auto db = tsdb::db::DB::Open(image.get(), sim.data_dir(), opts, &idle.clock(), &rng, nullptr, &idle, &report);
  if (!db.ok()) return Oracle::OpenFailed(db.status().ToString(), ctx);
  if (report.repair) ctx.repaired_segment = report.repair->segment;
  return sim.oracle().Check(**db, ctx);
}

}  // namespace tsdbsim
