// FaultGate: where a SimFilesystem asks its fault plan about each call and
// reports what it injects. Without a plan every check is a no-op.
#pragma once

#include <optional>
#include <string>

#include "engine/base/status.h"
#include "fault_injection/fault_plan.h"

namespace tsdbsim::fault {

// What one call must do about the faults decided for it.
struct FaultDecision {
  tsdb::Status error;        // fail with this (EIO) instead of doing the call
  bool fsync_fail = false;   // and, for a Sync, mark its dirty pages clean
  bool latent = false;       // the sectors written become unreadable
  std::optional<uint64_t> flip_bit;  // flip this bit of the call's bytes (bit 0: first byte's lowest)
};

class FaultGate {
 public:
  void Attach(FaultPlan* plan, FaultEnv env);
  FaultPlan* plan() const { return plan_; }

  // Decides the faults of one call moving length_bytes at offset (0 for
  // calls that move no bytes) and reports each to on_fault. op names the
  // call in the error message as PosixFilesystem would ("write", "fsync").
  FaultDecision Check(FaultCall call, const char* op, const std::string& path,
                      uint64_t offset = 0, uint64_t length_bytes = 0,
                      const std::string& other_path = {});
  // The space budget ran out: counted, reported, and the ENOSPC status.
  tsdb::Status NoSpace(FaultCall call, const char* op, const std::string& path, uint64_t offset,
                       uint64_t length_bytes);
  // A read hit an unreadable sector: reported, and the EIO status.
  tsdb::Status LatentRead(FaultCall call, const char* op, const std::string& path,
                          uint64_t offset, uint64_t length_bytes);
  std::optional<uint64_t> space_budget_bytes() const {
    return plan_ != nullptr ? plan_->space_budget_bytes() : std::nullopt;
  }

 private:
  void Emit(const FaultEvent& event) const;
  int64_t NowMs() const { return env_.now_ms ? env_.now_ms() : 0; }

  FaultPlan* plan_ = nullptr;
  FaultEnv env_;
};

}  // namespace tsdbsim::fault
