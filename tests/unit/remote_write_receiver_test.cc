// The simulated remote-write secondary: what it records, how it fails and
// how its deliveries lag behind commits in virtual time.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "sim/kernel/event_loop.h"
#include "sim/storage/remote_write_receiver.h"

namespace tsdbsim {
namespace {

using tsdb::Labels;
using tsdb::StatusCode;

Labels Series(int i) { return Labels::FromStrings({"__name__", "up", "i", std::to_string(i)}); }

// Appends n samples (refs 100+i, times t0+i) through app; returns the statuses.
std::vector<StatusCode> AppendN(tsdb::storage::Appender& app, int n, int64_t t0 = 1000) {
  std::vector<StatusCode> out;
  for (int i = 0; i < n; i++) {
    auto r = app.Append(100 + i, Series(i), t0 + i, i * 1.5);
    out.push_back(r.ok() ? StatusCode::kOk : r.status().code());
    if (r.ok()) {
      EXPECT_EQ(*r, static_cast<uint64_t>(100 + i));  // the ref it was given
    }
  }
  return out;
}

TEST(RemoteWriteReceiverTest, RecordsCommittedBatchesAndTheCallLog) {
  RemoteWriteReceiver rw;
  auto a1 = rw.Appender();
  auto a2 = rw.Appender();
  ASSERT_TRUE(a1->Append(7, Series(0), 1000, 1).ok());
  ASSERT_TRUE(a2->Append(8, Series(1), 1000, 2).ok());
  ASSERT_TRUE(a1->Append(7, Series(0), 2000, std::bit_cast<double>(0x7ff0000000000002ULL)).ok());
  ASSERT_TRUE(a2->Rollback().ok());
  ASSERT_TRUE(a1->Commit().ok());
  ASSERT_TRUE(a2->Commit().ok());  // nothing buffered any more: no batch

  EXPECT_EQ(rw.appenders_created(), 2u);
  ASSERT_EQ(rw.batches().size(), 1u);
  const ReceivedBatch& b = rw.batches()[0];
  EXPECT_EQ(b.appender_id, 1u);
  ASSERT_EQ(b.samples.size(), 2u);
  EXPECT_EQ(*b.samples[0].labels, Series(0));
  EXPECT_EQ(b.samples[0].t_ms, 1000);
  EXPECT_EQ(b.samples[0].value(), 1.0);
  EXPECT_EQ(b.samples[0].ref, 7u);
  EXPECT_EQ(b.samples[1].value_bits, 0x7ff0000000000002ULL);  // stale-marker bits kept exactly

  // Without a clock, a commit is delivered at once.
  EXPECT_EQ(rw.delivered_batches(), 1u);
  EXPECT_EQ(rw.DeliveredSamples().size(), 2u);
  EXPECT_TRUE(rw.PendingSamples().empty());

  using K = ReceiverCallKind;
  const auto& c = rw.calls();
  ASSERT_EQ(c.size(), 6u);
  const std::vector<std::pair<uint64_t, K>> want = {{1, K::kAppend}, {2, K::kAppend},   {1, K::kAppend},
                                                    {2, K::kRollback}, {1, K::kCommit}, {2, K::kCommit}};
  for (size_t i = 0; i < want.size(); i++) {
    EXPECT_EQ(c[i].appender_id, want[i].first) << i;
    EXPECT_EQ(c[i].kind, want[i].second) << i;
    EXPECT_EQ(c[i].result, StatusCode::kOk) << i;
  }
  EXPECT_EQ(c[1].ref, 8u);
  EXPECT_EQ(c[2].t_ms, 2000);
  EXPECT_EQ(c[3].batch_samples, 1u);  // the rollback dropped one sample
  EXPECT_EQ(c[4].batch_samples, 2u);
  EXPECT_EQ(c[5].batch_samples, 0u);
}

TEST(RemoteWriteReceiverTest, FailsEveryAppend) {
  RemoteWriteReceiverOptions o;
  o.append_failure = FailurePlan::Always(StatusCode::kIOError, "remote is down");
  RemoteWriteReceiver rw(o);
  auto app = rw.Appender();
  auto r = app->Append(1, Series(0), 1000, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_EQ(r.status().message(), "remote is down");
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_TRUE(rw.batches().empty());  // a failed append buffers nothing
  ASSERT_EQ(rw.calls().size(), 2u);
  EXPECT_EQ(rw.calls()[0].result, StatusCode::kIOError);
  EXPECT_EQ(rw.calls()[1].result, StatusCode::kOk);
}

TEST(RemoteWriteReceiverTest, FailsEveryNthAppendCountedOverAllAppenders) {
  RemoteWriteReceiverOptions o;
  o.append_failure = FailurePlan::EveryNth(3, StatusCode::kOutOfOrder, "out of order sample");
  RemoteWriteReceiver rw(o);
  auto a = rw.Appender();
  auto b = rw.Appender();
  const auto ra = AppendN(*a, 4);  // calls 1..4
  const auto rb = AppendN(*b, 4);  // calls 5..8
  using S = StatusCode;
  EXPECT_EQ(ra, (std::vector<S>{S::kOk, S::kOk, S::kOutOfOrder, S::kOk}));
  EXPECT_EQ(rb, (std::vector<S>{S::kOk, S::kOutOfOrder, S::kOk, S::kOk}));
  ASSERT_TRUE(a->Commit().ok());
  ASSERT_EQ(rw.batches().size(), 1u);
  EXPECT_EQ(rw.batches()[0].samples.size(), 3u);
}

TEST(RemoteWriteReceiverTest, PpmFailuresAreDrawnFromTheSeed) {
  auto pattern = [](uint64_t seed) {
    RemoteWriteReceiverOptions o;
    o.seed = seed;
    o.append_failure = FailurePlan::Ppm(300'000, StatusCode::kIOError, "flaky");
    RemoteWriteReceiver rw(o);
    auto app = rw.Appender();
    std::string p;
    for (StatusCode c : AppendN(*app, 1000)) p.push_back(c == StatusCode::kOk ? '.' : 'x');
    return p;
  };
  const std::string a = pattern(1), b = pattern(1), c = pattern(2);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  const auto fails = std::count(a.begin(), a.end(), 'x');
  EXPECT_NEAR(static_cast<double>(fails), 300, 60);  // sd 14.5
}

TEST(RemoteWriteReceiverTest, FailedCommitLosesTheBatch) {
  RemoteWriteReceiverOptions o;
  o.commit_failure = FailurePlan::EveryNth(2, StatusCode::kIOError, "send failed");
  RemoteWriteReceiver rw(o);
  for (int k = 1; k <= 4; k++) {
    auto app = rw.Appender();
    AppendN(*app, 2, k * 1000);
    const tsdb::Status st = app->Commit();
    if (k % 2 == 0) {
      EXPECT_EQ(st.code(), StatusCode::kIOError) << k;
      EXPECT_EQ(st.message(), "send failed");
    } else {
      EXPECT_TRUE(st.ok()) << k;
    }
  }
  ASSERT_EQ(rw.batches().size(), 2u);
  EXPECT_EQ(rw.batches()[0].appender_id, 1u);
  EXPECT_EQ(rw.batches()[1].appender_id, 3u);
  EXPECT_EQ(rw.calls().back().kind, ReceiverCallKind::kCommit);
  EXPECT_EQ(rw.calls().back().result, StatusCode::kIOError);
  EXPECT_EQ(rw.calls().back().batch_samples, 2u);

  // Plans change mid-run.
  rw.set_commit_failure(FailurePlan::Never());
  auto app = rw.Appender();
  AppendN(*app, 1);
  EXPECT_TRUE(app->Commit().ok());
  EXPECT_EQ(rw.batches().size(), 3u);
}

TEST(RemoteWriteReceiverTest, LagDeliversOnTheEventLoop) {
  EventLoop loop(0);
  RemoteWriteReceiverOptions o;
  o.lag_ms = 5000;
  RemoteWriteReceiver rw(o, &loop);
  auto commit_at = [&](int64_t t, int n) {
    loop.At(t, [&rw, t, n] {
      auto app = rw.Appender();
      AppendN(*app, n, t);
      ASSERT_TRUE(app->Commit().ok());
    });
  };
  commit_at(1000, 2);
  commit_at(2000, 3);
  loop.RunUntil(2000);
  ASSERT_EQ(rw.batches().size(), 2u);
  EXPECT_EQ(rw.batches()[0].commit_ms, 1000);
  EXPECT_EQ(rw.batches()[0].deliver_ms, 6000);
  EXPECT_EQ(rw.delivered_sample_count(), 0u);
  EXPECT_EQ(rw.pending_sample_count(), 5u);
  loop.RunUntil(5999);
  EXPECT_EQ(rw.delivered_batches(), 0u);
  loop.RunUntil(6000);
  EXPECT_EQ(rw.delivered_batches(), 1u);
  EXPECT_EQ(rw.DeliveredSamples().size(), 2u);
  EXPECT_EQ(rw.PendingSamples().size(), 3u);
  EXPECT_EQ(rw.PendingSamples()[0].t_ms, 2000);
  // A shorter lag never lets a later batch overtake an earlier one.
  rw.set_lag_ms(0);
  commit_at(6500, 1);
  loop.RunUntil(6999);
  EXPECT_EQ(rw.batches()[2].commit_ms, 6500);
  EXPECT_EQ(rw.batches()[2].deliver_ms, 7000);  // waits for the batch before it
  EXPECT_EQ(rw.delivered_batches(), 1u);
  loop.RunUntil(7000);
  EXPECT_EQ(rw.delivered_batches(), 3u);
  EXPECT_EQ(rw.pending_sample_count(), 0u);
  EXPECT_EQ(rw.calls().back().at_ms, 6500);
}

TEST(RemoteWriteReceiverTest, NoLagOnTheEventLoopDeliversWithTheCommit) {
  EventLoop loop(500);
  RemoteWriteReceiver rw({}, &loop);
  auto app = rw.Appender();
  AppendN(*app, 2);
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_EQ(rw.delivered_batches(), 1u);
  EXPECT_EQ(rw.batches()[0].commit_ms, 500);
  EXPECT_EQ(loop.pending(), 0u);
}

TEST(RemoteWriteReceiverTest, LagReadOffAClock) {
  tsdb::ManualClock clock(10'000);
  RemoteWriteReceiverOptions o;
  o.lag_ms = 1000;
  RemoteWriteReceiver rw(o, &clock);
  auto app = rw.Appender();
  AppendN(*app, 4);
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_EQ(rw.pending_sample_count(), 4u);
  clock.Advance(999);
  EXPECT_EQ(rw.delivered_batches(), 0u);
  clock.Advance(1);
  EXPECT_EQ(rw.delivered_batches(), 1u);
  EXPECT_EQ(rw.delivered_sample_count(), 4u);
}

TEST(RemoteWriteReceiverTest, DeliveryAfterTheReceiverIsGoneIsDropped) {
  EventLoop loop(0);
  {
    RemoteWriteReceiverOptions o;
    o.lag_ms = 100;
    RemoteWriteReceiver rw(o, &loop);
    auto app = rw.Appender();
    AppendN(*app, 1);
    ASSERT_TRUE(app->Commit().ok());
  }
  loop.RunUntil(1000);  // must not touch freed memory (ASan build)
  EXPECT_EQ(loop.events_run(), 1u);
}

TEST(RemoteWriteReceiverTest, AppendersMayOutliveTheReceiver) {
  std::unique_ptr<tsdb::storage::Appender> app;
  {
    RemoteWriteReceiver rw;
    app = rw.Appender();
  }
  EXPECT_TRUE(app->Append(1, Series(0), 1, 1).ok());
  EXPECT_TRUE(app->Commit().ok());
}

}  // namespace
}  // namespace tsdbsim
