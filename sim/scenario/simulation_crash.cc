// Crashes: now (a `crash` step) or at the N-th filesystem operation (an
// armed `crash ... at_op=N`, which lands in the middle of an engine call).
// Either way the disk is replaced by the image the crash leaves, and the
// dead process is dropped once control is back in the simulator.
#include "sim/scenario/simulation_internal.h"
#include "sim/scenario/values.h"

namespace tsdbsim {

void Simulation::OnFsOp(const fault::FsOp& op) {
  fs_ops_++;
  oracle_.OnFsOp(op);
  if (options_.on_fs_op) options_.on_fs_op(op, fs_ops_);
  if (armed_crash_ && armed_crash_->at_op == fs_ops_ && process_ && !crash_pending_) {
    const CrashKind kind = armed_crash_->kind;
    armed_crash_.reset();
    BeginCrash(kind);
  }
}

void Simulation::BeginCrash(CrashKind kind) {
  TSDB_ASSERT(process_ != nullptr && !crash_pending_);
  Note("crash", std::string(CrashKindName(kind)) + " after op " + std::to_string(fs_ops_));
  last_crash_ = oracle_.CaptureCrash(kind, disk_->sim());
  oracle_.ProcessDied();
  dying_fs_ = disk_->Crash(CrashModeOf(kind), CrashImageSeed(seed_, fs_ops_, kind));
  ++*generation_;  // nothing the dead process scheduled may run
  crash_pending_ = true;
  crash_unchecked_ = true;
}

void Simulation::FinishCrash() {
  TSDB_ASSERT(crash_pending_);
  process_.reset();
  dying_fs_.reset();
  crash_pending_ = false;
}

tsdb::Status Simulation::ArmCrash(const ::tsdbsim::Step& step) {
  for (const Option& o : step.options) {
    if (o.key != "at_op") return Error(step, o.column, "unknown option \"" + o.key + "\" (expected at_op=N)");
    auto n = ParseInt(o.value, 1, INT64_MAX);
    if (!n.ok()) return Error(step, o.column, "at_op: " + n.status().message());
    if (static_cast<uint64_t>(*n) <= fs_ops_) {
      return Error(step, o.column, "at_op: operation " + o.value + " has already happened (now at " +
                                       std::to_string(fs_ops_) + ")");
    }
    armed_crash_ = ArmedCrash{ParseCrashKind(step.name).value_or(CrashKind::kProcess), static_cast<uint64_t>(*n)};
  }
  return {};
}

}  // namespace tsdbsim
