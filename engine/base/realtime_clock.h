// The host's clocks, for production wiring (the CLI reading a real directory,
// the realtime executor). Never used by a simulated run.
#pragma once

#include "engine/base/clock.h"

namespace tsdb {

class RealtimeClock final : public Clock {
 public:
  int64_t NowMs() const override;
  int64_t MonotonicNs() const override;
  // CPU time the calling thread has used: what a piece of work cost, free of
  // whatever else the machine runs.
  int64_t ThreadCpuNs() const;
};

}  // namespace tsdb
