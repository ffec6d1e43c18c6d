#include "sim/kernel/event_loop.h"

#include <algorithm>
#include <limits>

#include "engine/base/assert.h"

namespace tsdbsim {

void VirtualClock::AdvanceTo(int64_t t_ms) {
  TSDB_ASSERT(t_ms >= now_ms_);  // virtual time never runs backwards
  now_ms_ = t_ms;
}

void EventLoop::At(int64_t t_ms, std::function<void()> fn) {
  TSDB_ASSERT(fn);
  queue_.push_back({std::max(t_ms, clock_.NowMs()), next_seq_++, std::move(fn)});
  std::push_heap(queue_.begin(), queue_.end(), Later());
}

bool EventLoop::Step() {
  if (queue_.empty()) return false;
  // Taken off the heap before running: the event may schedule others.
  std::pop_heap(queue_.begin(), queue_.end(), Later());
  Event e = std::move(queue_.back());
  queue_.pop_back();
  clock_.AdvanceTo(std::max(e.t_ms, clock_.NowMs()));  // late after a stall
  events_run_++;
  e.fn();
  return true;
}

void EventLoop::RunUntil(int64_t t_ms) {
  while (!queue_.empty() && queue_.front().t_ms <= t_ms) Step();
  if (t_ms > clock_.NowMs()) clock_.AdvanceTo(t_ms);
}

bool EventLoop::RunUntilTrue(const std::function<bool()>& done, uint64_t max_events) {
  for (uint64_t i = 0; i < max_events; i++) {
    if (!Step()) return done();
    if (done()) return true;
  }
  return done();
}

int64_t EventLoop::NextEventMs() const {
  return queue_.empty() ? std::numeric_limits<int64_t>::max() : queue_.front().t_ms;
}

}  // namespace tsdbsim
