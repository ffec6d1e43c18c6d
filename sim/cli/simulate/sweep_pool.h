// The child processes of `tsdbsim sweep`: each is `/proc/self/exe run FILE
// --seed S` with stdout and stderr merged into one pipe. The pool reads all
// pipes as they fill (a child blocked on a full pipe would never exit) and
// reaps every child it started, also when the sweep ends early.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/realtime_clock.h"
#include "engine/base/status.h"

namespace tsdbsim {

struct FinishedChild {
  static constexpr int kStatusUnknown = -1;
  uint64_t seed = 0;
  int wait_status = 0;  // as from waitpid, or kStatusUnknown
  double seconds = 0;   // wall time from spawn to exit
  std::string output;   // stdout and stderr interleaved as written
};

class ChildPool {
 public:
  explicit ChildPool(std::string scenario_file) : file_(std::move(scenario_file)) {}
  ChildPool(const ChildPool&) = delete;
  ChildPool& operator=(const ChildPool&) = delete;
  // Kills and reaps whatever still runs: no zombie outlives the sweep.
  ~ChildPool();

  tsdb::Status Start(uint64_t seed);
  size_t running() const { return children_.size(); }
  // Reads output for up to `timeout_ms` (less when something happens) and
  // returns the children that exited meanwhile. A signal that interrupts the
  // wait makes it return early.
  std::vector<FinishedChild> Poll(int timeout_ms);
  // Asks every running child to stop; Poll still reaps them.
  void TerminateAll();

 private:
  struct Child {
    pid_t pid = -1;
    int fd = -1;  // read end of the output pipe; -1 after end of file
    uint64_t seed = 0;
    int64_t start_ns = 0;
    std::string output;
  };

  void ReadSome(Child& c);

  std::string file_;
  std::vector<Child> children_;
  tsdb::RealtimeClock wall_;  // timings only: never feeds a simulation
};

// "exit status 1", or "killed by signal 11 (SIGSEGV, Segmentation fault)".
std::string DescribeWaitStatus(int wait_status);

}  // namespace tsdbsim
