#include "fault_injection/fault_gate.h"

#include <cerrno>

#include "engine/base/posix_filesystem.h"
#include "fault_injection/sim_path.h"

namespace tsdbsim::fault {

void FaultGate::Attach(FaultPlan* plan, FaultEnv env) {
  plan_ = plan;
  env_ = std::move(env);
}

void FaultGate::Emit(const FaultEvent& event) const {
  if (env_.on_fault) env_.on_fault(event);
}

FaultDecision FaultGate::Check(FaultCall call, const char* op, const std::string& path,
                               uint64_t offset, uint64_t length_bytes,
                               const std::string& other_path) {
  FaultDecision d;
  if (plan_ == nullptr) return d;
  const std::string abs = AbsolutePath(path);
  const std::string other = other_path.empty() ? std::string() : AbsolutePath(other_path);
  const auto firings = plan_->Decide(call, abs, other, NowMs(), env_.seed, length_bytes);
  for (const FaultFiring& f : firings) {
    FaultEvent e{.call = call, .path = abs, .offset_bytes = offset,
                 .length_bytes = length_bytes, .rule = static_cast<int>(f.rule)};
    switch (f.action) {
      case FaultAction::kEio:
        e.kind = FaultKind::kEio;
        d.error = tsdb::ErrnoStatus(op, path, EIO);
        break;
      case FaultAction::kFsyncFail:
        e.kind = FaultKind::kFsyncFail;
        d.error = tsdb::ErrnoStatus(op, path, EIO);
        d.fsync_fail = true;
        break;
      case FaultAction::kLatentSector:
        e.kind = FaultKind::kLatentSector;
        d.latent = true;
        break;
      case FaultAction::kBitFlip: {
        const uint64_t bit = f.draw % (length_bytes * 8);
        e.kind = FaultKind::kBitFlip;
        e.offset_bytes = offset + bit / 8;
        e.length_bytes = 1;
        e.bit = static_cast<uint8_t>(bit % 8);
        d.flip_bit = bit;
        break;
      }
      case FaultAction::kLatency:
        e.kind = FaultKind::kLatency;
        e.latency_ms = plan_->rules()[f.rule].latency_ms;
        break;
    }
    Emit(e);
  }
  return d;
}

tsdb::Status FaultGate::NoSpace(FaultCall call, const char* op, const std::string& path,
                                uint64_t offset, uint64_t length_bytes) {
  if (plan_ != nullptr) plan_->CountNoSpace();
  Emit({.kind = FaultKind::kNoSpace, .call = call, .path = AbsolutePath(path),
        .offset_bytes = offset, .length_bytes = length_bytes});
  return tsdb::ErrnoStatus(op, path, ENOSPC);
}

tsdb::Status FaultGate::LatentRead(FaultCall call, const char* op, const std::string& path,
                                   uint64_t offset, uint64_t length_bytes) {
  if (plan_ != nullptr) plan_->CountLatentRead();
  Emit({.kind = FaultKind::kLatentRead, .call = call, .path = AbsolutePath(path),
        .offset_bytes = offset, .length_bytes = length_bytes});
  return tsdb::ErrnoStatus(op, path, EIO);
}

}  // namespace tsdbsim::fault
