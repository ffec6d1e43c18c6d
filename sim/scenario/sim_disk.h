// The disk under a simulated run: a simulated filesystem that a crash
// replaces with the image that crash leaves (fault_injection/). One
// observer hears every operation on whichever filesystem is current.
#pragma once

#include <memory>
#include <utility>

#include "fault_injection/fault_plan.h"
#include "fault_injection/sim_filesystem.h"

namespace tsdbsim {

class SimFilesystemDisk {
 public:
  SimFilesystemDisk() : fs_(std::make_unique<fault::SimFilesystem>()) {}

  tsdb::Filesystem* fs() { return fs_.get(); }
  fault::SimFilesystem& sim() { return *fs_; }
  const fault::SimFilesystem& sim() const { return *fs_; }

  void SetObserver(fault::FsObserver observer) {
    observer_ = std::move(observer);
    fs_->SetObserver(observer_);
  }

  // Faults follow the disk through crashes (a crash image starts without).
  void SetFaultPlan(fault::FaultPlan* plan, fault::FaultEnv env) {
    plan_ = plan;
    env_ = std::move(env);
    fs_->SetFaultPlan(plan_, env_);
  }

  void PauseFaults(bool paused) {
    if (plan_ != nullptr) fs_->SetFaultPlan(paused ? nullptr : plan_, env_);
  }

  // The crash happens now: from here on the disk is what it leaves. The
  // filesystem the dead process still points at is handed back, silenced,
  // so it can be dropped after the process.
  std::unique_ptr<fault::SimFilesystem> Crash(fault::CrashMode mode, uint64_t seed) {
    return Replace(fs_->CrashImage(mode, seed));
  }
  std::unique_ptr<fault::SimFilesystem> Replace(std::unique_ptr<fault::SimFilesystem> image) {
    fs_->SetObserver({});
    fs_->SetFaultPlan(nullptr);
    std::swap(fs_, image);
    fs_->SetObserver(observer_);
    if (plan_ != nullptr) fs_->SetFaultPlan(plan_, env_);
    return image;
  }

 private:
  std::unique_ptr<fault::SimFilesystem> fs_;
  fault::FsObserver observer_;
  fault::FaultPlan* plan_ = nullptr;
  fault::FaultEnv env_;
};

}  // namespace tsdbsim
