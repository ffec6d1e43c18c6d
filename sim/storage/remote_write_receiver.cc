#include "sim/storage/remote_write_receiver.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "engine/base/assert.h"
#include "sim/kernel/rng.h"

namespace tsdbsim {

using tsdb::Status;
using tsdb::StatusCode;
using tsdb::storage::SeriesRef;

FailurePlan FailurePlan::Always(StatusCode code, std::string message) {
  FailurePlan p;
  p.mode = Mode::kAlways;
  p.code = code;
  p.message = std::move(message);
  return p;
}

FailurePlan FailurePlan::EveryNth(uint64_t n, StatusCode code, std::string message) {
  TSDB_ASSERT(n > 0);
  FailurePlan p = Always(code, std::move(message));
  p.mode = Mode::kEveryNth;
  p.every_nth = n;
  return p;
}

FailurePlan FailurePlan::Ppm(uint32_t ppm, StatusCode code, std::string message) {
  TSDB_ASSERT(ppm <= 1'000'000);
  FailurePlan p = Always(code, std::move(message));
  p.mode = Mode::kPpm;
  p.ppm = ppm;
  return p;
}

namespace {
// Appends and commits draw from separate streams of the receiver's seed.
Rng ForkOf(uint64_t seed, uint64_t stream) {
  Rng root(seed);
  return root.Fork(stream);
}
}  // namespace

struct RemoteWriteReceiver::State : std::enable_shared_from_this<State> {
  State(RemoteWriteReceiverOptions o, tsdb::Executor* e, const tsdb::Clock* c)
      : options(std::move(o)), executor(e), clock(c), append_rng(ForkOf(options.seed, 1)),
        commit_rng(ForkOf(options.seed, 2)) {
    TSDB_ASSERT(executor != nullptr || clock != nullptr || options.lag_ms == 0);
    TSDB_ASSERT(options.lag_ms >= 0);
  }

  int64_t NowMs() const {
    if (executor != nullptr) return executor->NowMs();
    return clock != nullptr ? clock->NowMs() : 0;
  }

  // One copy of a series' labels for all its samples, found by the ref the
  // fanout passes (checked: refs are handed out again after a restart).
  std::shared_ptr<const tsdb::Labels> Intern(SeriesRef ref, const tsdb::Labels& labels) {
    if (ref == 0) return std::make_shared<const tsdb::Labels>(labels);
    std::shared_ptr<const tsdb::Labels>& slot = interned[ref];
    if (slot == nullptr || *slot != labels) slot = std::make_shared<const tsdb::Labels>(labels);
    return slot;
  }
  std::unordered_map<SeriesRef, std::shared_ptr<const tsdb::Labels>> interned;  // looked up, never iterated

  // Counts the call and says whether the plan fails it. Appends and
  // commits have separate counters and streams.
  static bool Fails(const FailurePlan& plan, uint64_t call_number, Rng* rng) {
    switch (plan.mode) {
      case FailurePlan::Mode::kNever: return false;
      case FailurePlan::Mode::kAlways: return true;
      case FailurePlan::Mode::kEveryNth: return call_number % plan.every_nth == 0;
      case FailurePlan::Mode::kPpm: return rng->ChancePpm(plan.ppm);
    }
    return false;
  }

  void Commit(uint64_t appender_id, std::vector<ReceivedSample> samples) {
    const int64_t now = NowMs();
    int64_t deliver_ms = now + options.lag_ms;
    if (!batches.empty()) deliver_ms = std::max(deliver_ms, batches.back().deliver_ms);
    batches.push_back({appender_id, now, deliver_ms, std::move(samples)});
    const size_t delivered_after = batches.size();
    if (executor == nullptr) return;  // read off the clock (or delivered at once)
    if (deliver_ms <= now && delivered + 1 == delivered_after) {
      delivered = delivered_after;  // no lag and nothing waiting: delivered with the commit
      return;
    }
    // Weak: a delivery due after the receiver and its appenders are gone is dropped.
    executor->At(deliver_ms, [weak = weak_from_this(), delivered_after] {
      if (auto self = weak.lock()) self->delivered = std::max(self->delivered, delivered_after);
    });
  }

  size_t DeliveredBatches() const {
    if (executor != nullptr) return delivered;
    if (clock == nullptr) return batches.size();
    // deliver_ms never decreases along the batches: a prefix is delivered.
    const int64_t now = clock->NowMs();
    const auto it = std::partition_point(batches.begin(), batches.end(),
                                         [now](const ReceivedBatch& b) { return b.deliver_ms <= now; });
    return static_cast<size_t>(it - batches.begin());
  }

  RemoteWriteReceiverOptions options;
  tsdb::Executor* executor;
  const tsdb::Clock* clock;
  Rng append_rng;
  Rng commit_rng;
  uint64_t append_calls = 0;
  uint64_t commit_calls = 0;
  uint64_t appenders = 0;
  std::vector<ReceivedBatch> batches;
  size_t delivered = 0;  // with an executor: batches whose delivery event ran
  std::vector<ReceiverCall> calls;
};

namespace {

class ReceiverAppender final : public tsdb::storage::Appender {
 public:
  ReceiverAppender(std::shared_ptr<RemoteWriteReceiver::State> state, uint64_t id)
      : state_(std::move(state)), id_(id) {}

  tsdb::Result<SeriesRef> Append(SeriesRef ref, const tsdb::Labels& labels, int64_t t_ms,
                                 double v) override {
    RemoteWriteReceiver::State& s = *state_;
    ReceiverCall call{id_, ReceiverCallKind::kAppend, s.NowMs(), ref, t_ms, 0, StatusCode::kOk};
    const FailurePlan& plan = s.options.append_failure;
    if (RemoteWriteReceiver::State::Fails(plan, ++s.append_calls, &s.append_rng)) {
      call.result = plan.code;
      if (s.options.record_appends) s.calls.push_back(call);
      return Status(plan.code, plan.message);
    }
    if (s.options.record_appends) s.calls.push_back(call);
    buffer_.push_back({s.Intern(ref, labels), t_ms, std::bit_cast<uint64_t>(v), ref});
    return ref;  // the fanout hands over the primary's ref; it stays the answer
  }

  Status Commit() override {
    RemoteWriteReceiver::State& s = *state_;
    ReceiverCall call{id_, ReceiverCallKind::kCommit, s.NowMs(), 0, 0, buffer_.size(), StatusCode::kOk};
    std::vector<ReceivedSample> batch;
    batch.swap(buffer_);
    const FailurePlan& plan = s.options.commit_failure;
    if (RemoteWriteReceiver::State::Fails(plan, ++s.commit_calls, &s.commit_rng)) {
      call.result = plan.code;
      s.calls.push_back(call);
      return Status(plan.code, plan.message);  // the batch is lost, as a failed send would be
    }
    s.calls.push_back(call);
    if (!batch.empty()) s.Commit(id_, std::move(batch));
    return {};
  }

  Status Rollback() override {
    RemoteWriteReceiver::State& s = *state_;
    s.calls.push_back({id_, ReceiverCallKind::kRollback, s.NowMs(), 0, 0, buffer_.size(), StatusCode::kOk});
    buffer_.clear();
    return {};
  }

 private:
  std::shared_ptr<RemoteWriteReceiver::State> state_;
  uint64_t id_;
  std::vector<ReceivedSample> buffer_;
};

}  // namespace

RemoteWriteReceiver::RemoteWriteReceiver(RemoteWriteReceiverOptions options)
    : state_(std::make_shared<State>(std::move(options), nullptr, nullptr)) {}

RemoteWriteReceiver::RemoteWriteReceiver(RemoteWriteReceiverOptions options, tsdb::Executor* executor)
    : state_(std::make_shared<State>(std::move(options), executor, nullptr)) {
  TSDB_ASSERT(executor != nullptr);
}

RemoteWriteReceiver::RemoteWriteReceiver(RemoteWriteReceiverOptions options, const tsdb::Clock* clock)
    : state_(std::make_shared<State>(std::move(options), nullptr, clock)) {
  TSDB_ASSERT(clock != nullptr);
}

RemoteWriteReceiver::~RemoteWriteReceiver() = default;

std::unique_ptr<tsdb::storage::Appender> RemoteWriteReceiver::Appender() {
  return std::make_unique<ReceiverAppender>(state_, ++state_->appenders);
}

void RemoteWriteReceiver::set_append_failure(FailurePlan plan) { state_->options.append_failure = std::move(plan); }
void RemoteWriteReceiver::set_commit_failure(FailurePlan plan) { state_->options.commit_failure = std::move(plan); }
void RemoteWriteReceiver::set_lag_ms(int64_t lag_ms) {
  TSDB_ASSERT(lag_ms >= 0);
  TSDB_ASSERT(state_->executor != nullptr || state_->clock != nullptr || lag_ms == 0);
  state_->options.lag_ms = lag_ms;
}

const std::vector<ReceivedBatch>& RemoteWriteReceiver::batches() const { return state_->batches; }
size_t RemoteWriteReceiver::delivered_batches() const { return state_->DeliveredBatches(); }

std::vector<ReceivedSample> RemoteWriteReceiver::DeliveredSamples() const {
  std::vector<ReceivedSample> out;
  const size_t n = delivered_batches();
  for (size_t i = 0; i < n; i++) {
    const auto& s = state_->batches[i].samples;
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

std::vector<ReceivedSample> RemoteWriteReceiver::PendingSamples() const {
  std::vector<ReceivedSample> out;
  for (size_t i = delivered_batches(); i < state_->batches.size(); i++) {
    const auto& s = state_->batches[i].samples;
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

size_t RemoteWriteReceiver::delivered_sample_count() const {
  size_t n = 0;
  const size_t d = delivered_batches();
  for (size_t i = 0; i < d; i++) n += state_->batches[i].samples.size();
  return n;
}

size_t RemoteWriteReceiver::pending_sample_count() const {
  size_t n = 0;
  for (size_t i = delivered_batches(); i < state_->batches.size(); i++) n += state_->batches[i].samples.size();
  return n;
}

const std::vector<ReceiverCall>& RemoteWriteReceiver::calls() const { return state_->calls; }
uint64_t RemoteWriteReceiver::appenders_created() const { return state_->appenders; }

}  // namespace tsdbsim
