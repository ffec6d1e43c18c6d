#include "sim/kernel/realtime_executor.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace tsdbsim {

void RealtimeExecutor::At(int64_t t_ms, std::function<void()> fn) {
  queue_.push_back({t_ms, next_seq_++, std::move(fn)});
  std::push_heap(queue_.begin(), queue_.end(), Later());
}

bool RealtimeExecutor::RunOne(int64_t now_ms) {
  if (queue_.empty() || queue_.front().t_ms > now_ms) return false;
  std::pop_heap(queue_.begin(), queue_.end(), Later());
  Item item = std::move(queue_.back());
  queue_.pop_back();
  item.fn();
  return true;
}

int RealtimeExecutor::RunDue() {
  int ran = 0;
  while (RunOne(NowMs())) ran++;
  return ran;
}

int RealtimeExecutor::RunFor(int64_t duration_ms) {
  const int64_t deadline = NowMs() + duration_ms;
  int ran = 0;
  for (;;) {
    ran += RunDue();
    const int64_t now = NowMs();
    if (now >= deadline) return ran;
    const int64_t next = queue_.empty() ? deadline : std::min(deadline, queue_.front().t_ms);
    if (next > now) std::this_thread::sleep_for(std::chrono::milliseconds(next - now));  // realtime
  }
}

}  // namespace tsdbsim
