#include "engine/base/realtime_clock.h"

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

}  // namespace tsdb
