// RemoteWriteReceiver: the simulated remote-write end of the fanout
// (PROMETHEUS.md §10), an Appendable that records what reaches it. It can
// fail Appends or Commits on a plan and deliver committed batches late, so
// lessons and tests can show what the fanout does when its secondary
// misbehaves. In real Prometheus the secondary's appender feeds remote write
// through the WAL watcher and hardly ever fails; here it fails on purpose.
//
// Everything is recorded in call order: every Append/Commit/Rollback with
// the id of the appender it came through, and every committed batch.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/executor.h"
#include "engine/base/status.h"
#include "engine/labels/labels.h"
#include "engine/storage/appender.h"

namespace tsdbsim {

// When an operation fails, and with what.
struct FailurePlan {
  enum class Mode { kNever, kAlways, kEveryNth, kPpm };
  Mode mode = Mode::kNever;
  uint64_t every_nth = 0;  // kEveryNth: calls N, 2N, ... counted over the receiver from 1
  uint32_t ppm = 0;        // kPpm: chance per call, drawn from the receiver's own Rng
  tsdb::StatusCode code = tsdb::StatusCode::kIOError;
  std::string message = "remote write receiver: injected failure";

  static FailurePlan Never() { return {}; }
  static FailurePlan Always(tsdb::StatusCode code, std::string message);
  static FailurePlan EveryNth(uint64_t n, tsdb::StatusCode code, std::string message);
  static FailurePlan Ppm(uint32_t ppm, tsdb::StatusCode code, std::string message);
};

struct RemoteWriteReceiverOptions {
  FailurePlan append_failure;
  FailurePlan commit_failure;
  // A committed batch is delivered this much virtual time after its commit
  // (and never before an earlier batch: remote write keeps order).
  int64_t lag_ms = 0;
  uint64_t seed = 0;  // for kPpm plans
  // Keep every Append call in calls() (commits and rollbacks are always
  // kept): tests read them; a long simulated run has millions.
  bool record_appends = true;
};

struct ReceivedSample {
  // Shared by the samples of a series: a long run receives millions.
  std::shared_ptr<const tsdb::Labels> labels;
  int64_t t_ms = 0;
  uint64_t value_bits = 0;  // exact, so stale-marker NaNs compare too
  tsdb::storage::SeriesRef ref = 0;
  double value() const { return std::bit_cast<double>(value_bits); }
};

struct ReceivedBatch {
  uint64_t appender_id = 0;
  int64_t commit_ms = 0;
  int64_t deliver_ms = 0;
  std::vector<ReceivedSample> samples;
};

enum class ReceiverCallKind { kAppend, kCommit, kRollback };

struct ReceiverCall {
  uint64_t appender_id = 0;
  ReceiverCallKind kind = ReceiverCallKind::kAppend;
  int64_t at_ms = 0;
  tsdb::storage::SeriesRef ref = 0;  // kAppend: the ref passed in
  int64_t t_ms = 0;                  // kAppend: the sample's time
  size_t batch_samples = 0;          // kCommit/kRollback: samples buffered at the call
  tsdb::StatusCode result = tsdb::StatusCode::kOk;
};

class RemoteWriteReceiver final : public tsdb::storage::Appendable {
 public:
  // Without a clock: every time is 0, batches are delivered at commit, and
  // lag_ms must be 0 (asserted).
  explicit RemoteWriteReceiver(RemoteWriteReceiverOptions options = {});
  // Delivery is an event scheduled with executor->At(commit + lag).
  RemoteWriteReceiver(RemoteWriteReceiverOptions options, tsdb::Executor* executor);
  // Delivery is read off the clock: a batch is delivered once NowMs() reaches its time.
  RemoteWriteReceiver(RemoteWriteReceiverOptions options, const tsdb::Clock* clock);
  ~RemoteWriteReceiver() override;

  // Appenders are numbered from 1 in the order they are handed out. They
  // may outlive the receiver (their calls then go nowhere anyone reads).
  std::unique_ptr<tsdb::storage::Appender> Appender() override;

  // Change the plans or the lag mid-run; call counters are kept.
  void set_append_failure(FailurePlan plan);
  void set_commit_failure(FailurePlan plan);
  void set_lag_ms(int64_t lag_ms);

  // Every non-empty committed batch, in commit order.
  const std::vector<ReceivedBatch>& batches() const;
  // How many of batches() are delivered: always a prefix.
  size_t delivered_batches() const;
  std::vector<ReceivedSample> DeliveredSamples() const;
  std::vector<ReceivedSample> PendingSamples() const;  // committed, not yet delivered
  size_t delivered_sample_count() const;
  size_t pending_sample_count() const;
  const std::vector<ReceiverCall>& calls() const;
  uint64_t appenders_created() const;

  struct State;  // shared with the appenders and the delivery events

 private:
  std::shared_ptr<State> state_;
};

}  // namespace tsdbsim
