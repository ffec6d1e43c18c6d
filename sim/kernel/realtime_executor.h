// RealtimeExecutor: the engine's Executor against the wall clock, for live
// runs (a GUI following a real-time demo, scraping real endpoints later).
// Work runs on the thread that calls RunFor, in time order then scheduling
// order, exactly like the simulator's event loop, only waiting for real.
// Never used by a simulated run: it reads the host's clock.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/base/executor.h"
#include "engine/base/realtime_clock.h"

namespace tsdbsim {

class RealtimeExecutor final : public tsdb::Executor {
 public:
  int64_t NowMs() const override { return clock_.NowMs(); }
  void At(int64_t t_ms, std::function<void()> fn) override;

  // Runs what falls due during the next duration_ms of wall time, sleeping
  // in between; returns how many callbacks ran.
  int RunFor(int64_t duration_ms);
  // Runs what is due now without waiting.
  int RunDue();
  size_t pending() const { return queue_.size(); }

 private:
  struct Item {
    int64_t t_ms;
    uint64_t seq;
    std::function<void()> fn;
  };
  struct Later {
    bool operator()(const Item& a, const Item& b) const {
      return a.t_ms != b.t_ms ? a.t_ms > b.t_ms : a.seq > b.seq;
    }
  };
  bool RunOne(int64_t now_ms);

  tsdb::RealtimeClock clock_;
  std::vector<Item> queue_;  // a heap under Later
  uint64_t next_seq_ = 0;
};

}  // namespace tsdbsim
