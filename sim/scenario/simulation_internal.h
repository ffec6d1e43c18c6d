// Parts of Simulation shared by its .cc files.
#pragma once

#include <array>

#include "sim/scenario/simulation.h"
#include "sim/targets/scripted_target.h"
#include "sim/targets/self_target.h"
#include "sim/targets/synthetic_target.h"

namespace tsdbsim {

// The epoch of every simulated run: 2023-01-01T00:00:00Z, on a 2h boundary
// like the head's chunk ranges.
inline constexpr int64_t kSimEpochMs = 1'672'531'200'000;

// `crash` step words and the filesystem's crash images.
// The seed of the image a crash of this kind leaves after operation
// op_number: the same for a `crash` step and for the explorer's state.
inline uint64_t CrashImageSeed(uint64_t run_seed, uint64_t op_number, CrashKind kind) {
  return Rng(run_seed).Fork(op_number * 4 + static_cast<uint64_t>(kind)).NextU64();
}

// Callbacks of a process that died must not run: the executor handed to
// one process drops them once the generation has moved on.
class ProcessExecutor final : public tsdb::Executor {
 public:
  ProcessExecutor(EventLoop* loop, std::shared_ptr<uint64_t> generation)
      : loop_(loop), generation_(std::move(generation)), mine_(*generation_) {}
  int64_t NowMs() const override { return loop_->NowMs(); }
  void At(int64_t t_ms, std::function<void()> fn) override {
    loop_->At(t_ms, [g = generation_, mine = mine_, fn = std::move(fn)] {
      if (*g == mine) fn();
    });
  }

 private:
  EventLoop* loop_;
  std::shared_ptr<uint64_t> generation_;
  uint64_t mine_;
};

struct Simulation::Process {
  std::unique_ptr<ProcessExecutor> executor;
  tsdb::db::OpenReport report;
  std::unique_ptr<tsdb::db::DB> db;
  std::unique_ptr<tsdb::storage::Appendable> primary;  // the DB seen through the oracle
  std::unique_ptr<tsdb::storage::Fanout> fanout;
  std::unique_ptr<tsdb::scrape::ScrapeManager> manager;
};

struct Simulation::TargetEntry {
  std::string name;
  std::string job;
  int line = 0;
  bool active = true;
  int64_t interval_ms = 0;  // 0: the default
  std::unique_ptr<tsdb::scrape::Scraper> scraper;
};

// Counts engine events by type and passes them on to the trace.
class Simulation::Sink final : public tsdb::EventSink {
 public:
  explicit Sink(tsdb::EventSink* next, Oracle* oracle) : next_(next), oracle_(oracle) {}
  void OnEvent(const tsdb::Event& e) override {
    counts_[static_cast<size_t>(e.type)]++;
    // Samples of a block retention deleted are gone by design.
    if (e.type == tsdb::EventType::kBlockDeleted && e.detail.find(" retention_") != std::string_view::npos) {
      oracle_->ExpireBefore(e.maxt);
    }
    if (next_ != nullptr) next_->OnEvent(e);
  }
  int64_t count(tsdb::EventType t) const { return counts_[static_cast<size_t>(t)]; }

 private:
  tsdb::EventSink* next_;
  Oracle* oracle_;
  std::array<int64_t, 64> counts_{};
};

}  // namespace tsdbsim
