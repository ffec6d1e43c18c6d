// The realtime executor keeps the event loop's order (time, then
// scheduling) while waiting on the wall clock. No timing is asserted.
#include <gtest/gtest.h>

#include <vector>

#include "sim/kernel/realtime_executor.h"

namespace tsdbsim {
namespace {

TEST(RealtimeExecutorTest, RunsDueWorkInTimeThenSchedulingOrder) {
  RealtimeExecutor ex;
  std::vector<int> ran;
  const int64_t now = ex.NowMs();
  ex.At(now + 30, [&] { ran.push_back(3); });
  ex.At(now + 10, [&] { ran.push_back(1); });
  ex.At(now + 10, [&] { ran.push_back(2); });
  ex.At(now - 1000, [&] { ran.push_back(0); });  // already due
  EXPECT_EQ(ex.RunDue(), 1);
  EXPECT_EQ(ran, (std::vector<int>{0}));
  EXPECT_EQ(ex.RunFor(200), 3);  // returns only after the whole duration
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(ex.pending(), 0u);
}

TEST(RealtimeExecutorTest, WorkScheduledByWorkRunsInTheSameRun) {
  RealtimeExecutor ex;
  int count = 0;
  std::function<void()> tick = [&] {
    if (++count < 3) ex.At(ex.NowMs() + 5, tick);
  };
  ex.At(ex.NowMs(), tick);
  ex.RunFor(100);
  EXPECT_EQ(count, 3);
}

}  // namespace
}  // namespace tsdbsim
