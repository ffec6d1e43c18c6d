// Running a scenario task by task: the `run` and `run until` steps are
// cut into single event-loop events, so that a caller can stop between any
// two of them (sim/step/session.h) and still make the run that Run() makes.
#include <algorithm>
#include <map>

#include "engine/base/assert.h"
#include "sim/scenario/simulation_internal.h"

namespace tsdbsim {
namespace {

tsdb::EventType RunUntilEventType(const std::string& name) {
  static const std::map<std::string, tsdb::EventType> kEvents = {
      {"chunk_cut", tsdb::EventType::kHeadChunkCut},       {"mmap", tsdb::EventType::kChunkMmapped},
      {"compaction", tsdb::EventType::kCompactionEnd},     {"checkpoint", tsdb::EventType::kCheckpointCreated},
      {"wal_segment", tsdb::EventType::kWalSegmentCreated}, {"restart_done", tsdb::EventType::kReplayEnd}};
  return kEvents.at(name);  // the parser accepts no other name
}

}  // namespace

void Simulation::Begin() {
  TSDB_ASSERT(next_step_ == 0 && active_ == nullptr);
  Note("seed", std::to_string(seed_));
}

tsdb::Status Simulation::StartStep(const ::tsdbsim::Step& step) {
  using K = ::tsdbsim::Step::Kind;
  TSDB_ASSERT(step.kind == K::kRun || step.kind == K::kRunUntil);
  if (!started_) TSDB_RETURN_IF_ERROR(StartProcess());
  auto run = std::make_unique<ActiveRun>();
  run->start_ms = loop_.NowMs();
  run->deadline_ms = loop_.NowMs() + step.duration_ms;
  if (step.kind == K::kRunUntil) {
    run->until = true;
    run->type = RunUntilEventType(step.name);
    run->count_before = EventCount(run->type);
  } else {
    Note("run", std::to_string(step.duration_ms) + "ms");
  }
  active_ = std::move(run);
  return {};
}

tsdb::Status Simulation::AdvanceTask() {
  TSDB_ASSERT(!Done());
  if (active_ == nullptr) {
    const ::tsdbsim::Step& step = scenario_.steps[next_step_];
    active_step_ = next_step_++;
    current_line_ = step.line;
    return Step(step);
  }
  const ActiveRun& run = *active_;
  const bool waiting = !run.until || EventCount(run.type) == run.count_before;
  if (waiting && loop_.NextEventMs() <= run.deadline_ms) {
    loop_.Step();
    if (crash_pending_) FinishCrash();
    return {};
  }
  if (run.until) {
    FinishRunUntil(scenario_.steps[active_step_]);
  } else {
    loop_.RunUntil(run.deadline_ms);
  }
  active_.reset();
  return {};
}

void Simulation::FinishRunUntil(const ::tsdbsim::Step& step) {
  const ActiveRun& run = *active_;
  Note("run_until", step.name);
  if (EventCount(run.type) == run.count_before) {
    loop_.RunUntil(run.deadline_ms);
    outcomes_.push_back({step.line, "run until " + step.name, 0, false,
                         "no " + step.name + " within " + std::to_string(step.duration_ms) + "ms"});
  }
}

int64_t Simulation::NextTaskMs() const {
  const int64_t now = loop_.NowMs();
  if (active_ == nullptr) return now;
  const ActiveRun& run = *active_;
  const bool waiting = !run.until || EventCount(run.type) == run.count_before;
  if (waiting && loop_.NextEventMs() <= run.deadline_ms) return std::max(loop_.NextEventMs(), now);
  if (!waiting) return now;
  return std::max(run.deadline_ms, now);
}

bool Simulation::IdleUntil(int64_t t_ms) {
  if (active_ == nullptr || NextTaskMs() <= t_ms) return false;
  if (t_ms > loop_.NowMs()) loop_.RunUntil(t_ms);  // nothing is due before t_ms
  return true;
}

std::optional<int64_t> Simulation::active_run_start_ms() const {
  if (active_ == nullptr) return std::nullopt;
  return active_->start_ms;
}

}  // namespace tsdbsim
