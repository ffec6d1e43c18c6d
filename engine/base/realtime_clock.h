// The host's clocks, for production wiring (the CLI reading a real directory,
// the realtime executor). Never used by a simulated run.
#pragma once

#include "engine/base/clock.h"

namespace tsdb {

class RealtimeClock final : public Clock {
 public:
  int64_t NowMs() const override;
  int64_t MonotonicNs() const override;
};

}  // namespace tsdb
