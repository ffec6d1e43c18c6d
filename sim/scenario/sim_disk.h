// The simulated filesystem as the disk under a simulated run.
#pragma once

#include "fault_injection/sim_filesystem.h"
#include "sim/scenario/simulation.h"

namespace tsdbsim {

class SimFilesystemDisk final : public SimDisk {
 public:
  tsdb::Filesystem* fs() override { return &fs_; }
  void CrashProcess() override { fs_.CrashProcess(); }
  void PowerLoss() override { fs_.PowerLoss(); }
  fault::SimFilesystem& sim() { return fs_; }

 private:
  fault::SimFilesystem fs_;
};

}  // namespace tsdbsim
