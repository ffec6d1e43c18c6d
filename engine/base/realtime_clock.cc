#include "engine/base/realtime_clock.h"

#include <time.h>

#include <chrono>

namespace tsdb {

int64_t RealtimeClock::NowMs() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();  // realtime
}

int64_t RealtimeClock::MonotonicNs() const {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();  // realtime
}

int64_t RealtimeClock::ThreadCpuNs() const {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);  // realtime
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace tsdb
