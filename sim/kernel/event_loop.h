// The simulator's event loop and virtual clock. Events run in order of
// virtual time, then of scheduling (a sequence number): never of pointer
// values or hash order, so a run is the same on every machine. The clock
// only moves when the loop takes the next event.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/executor.h"

namespace tsdbsim {

class VirtualClock final : public tsdb::Clock {
 public:
  explicit VirtualClock(int64_t start_ms) : now_ms_(start_ms) {}
  int64_t NowMs() const override { return now_ms_; }
  // Virtual time stands still while work runs: durations measure as zero.
  int64_t MonotonicNs() const override { return now_ms_ * 1'000'000; }
  void AdvanceTo(int64_t t_ms);

 private:
  int64_t now_ms_;
};

class EventLoop final : public tsdb::Executor {
 public:
  explicit EventLoop(int64_t start_ms) : clock_(start_ms) {}

  const VirtualClock& clock() const { return clock_; }
  int64_t NowMs() const override { return clock_.NowMs(); }
  // Schedules fn at t_ms; a time already past runs at the current time,
  // after what is already scheduled for it.
  void At(int64_t t_ms, std::function<void()> fn) override;

  // Work that takes virtual time (slow I/O) moves the clock on while an
  // event runs; what fell due meanwhile runs late, in order.
  void Stall(int64_t ms) { clock_.AdvanceTo(clock_.NowMs() + ms); }

  // Runs the next event, moving the clock to its time. False when none.
  bool Step();
  // Runs every event scheduled at or before t_ms, then sets the clock to t_ms.
  void RunUntil(int64_t t_ms);
  // Runs events until `done` holds after one of them or none is left,
  // stopping at max_events at the latest; returns whether `done` held.
  bool RunUntilTrue(const std::function<bool()>& done, uint64_t max_events);

  size_t pending() const { return queue_.size(); }
  uint64_t events_run() const { return events_run_; }
  // The time of the next event, or INT64_MAX when none is scheduled.
  int64_t NextEventMs() const;

 private:
  struct Event {
    int64_t t_ms;
    uint64_t seq;
    std::function<void()> fn;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.t_ms != b.t_ms ? a.t_ms > b.t_ms : a.seq > b.seq;
    }
  };

  VirtualClock clock_;
  std::vector<Event> queue_;  // a heap under Later: the front runs next
  uint64_t next_seq_ = 0;
  uint64_t events_run_ = 0;
};

}  // namespace tsdbsim
