// Clock: the only source of time the engine sees. The simulator supplies a
// virtual clock; RealtimeClock (realtime_clock.h) reads the host's clocks.
#pragma once

#include <cstdint>

namespace tsdb {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch: sample timestamps, ULIDs.
  virtual int64_t NowMs() const = 0;
  // A monotonic nanosecond counter for measuring durations (replay times).
  virtual int64_t MonotonicNs() const = 0;
};

// A clock that only moves when told to: unit tests and deterministic tools.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms = 0) : now_ms_(now_ms) {}
  int64_t NowMs() const override { return now_ms_; }
  int64_t MonotonicNs() const override { return now_ms_ * 1'000'000; }
  void Set(int64_t now_ms) { now_ms_ = now_ms; }
  void Advance(int64_t delta_ms) { now_ms_ += delta_ms; }

 private:
  int64_t now_ms_;
};

}  // namespace tsdb
