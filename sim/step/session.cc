// Driving a session: steps, runs and seeks. Taking the world is in
// session_world.cc, forks in session_fork.cc.
#include "sim/step/session.h"

#include <algorithm>
#include <array>

#include "engine/base/assert.h"
#include "engine/base/realtime_clock.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/simulation_internal.h"
#include "sim/step/seek_cache.h"
#include "sim/step/session_datadir.h"

namespace tsdbsim {

tsdb::Result<std::unique_ptr<Session>> Session::Open(std::string text, std::string file, SessionOptions options) {
  auto scenario = ParseScenario(text, file);
  if (!scenario.ok()) return scenario.status();
  if (!options.initial_data_dir.empty() && options.initial == nullptr) {
    if (options.host_fs == nullptr) return tsdb::Status::InvalidArgument("initial_data_dir needs host_fs");
    auto initial = LoadInitialDataDir(*options.host_fs, options.initial_data_dir, SimulationOptions().data_dir);
    if (!initial.ok()) return initial.status();
    options.initial = std::move(initial).value();
  }
  std::unique_ptr<Session> s(new Session(std::move(text), std::move(file), std::move(*scenario), std::move(options)));
  s->Build();
  return s;
}

Session::Session(std::string text, std::string file, Scenario scenario, SessionOptions options)
    : text_(std::move(text)), file_(std::move(file)), scenario_(std::move(scenario)), options_(std::move(options)) {}

Session::~Session() {
  cache_.reset();
  sim_.reset();  // before the disk it runs on
}

void Session::EnableSeekCache(SeekCacheOptions options) {
  cache_ = std::make_unique<SeekCache>(text_, file_, options_, options);
  Reached();
}

void Session::Reached() {
  if (cache_ != nullptr) cache_->Want(elapsed_ms());
}

void Session::SwapRun(Session& other) {
  std::swap(disk_, other.disk_);
  std::swap(trace_, other.trace_);
  std::swap(fold_, other.fold_);
  std::swap(sim_, other.sim_);
  std::swap(failed_, other.failed_);
  std::swap(reached_ms_, other.reached_ms_);
  std::swap(blocks_seen_, other.blocks_seen_);
  std::swap(last_replay_, other.last_replay_);
  std::swap(replay_cpu_, other.replay_cpu_);
  std::swap(tasks_run_, other.tasks_run_);
}

void Session::Build() {
  sim_.reset();
  disk_ = std::make_unique<SimFilesystemDisk>();
  trace_ = std::make_unique<TraceRecorder>();
  fold_ = std::make_unique<WorldFold>(options_.watch, trace_.get());
  if (options_.initial != nullptr) {
    // Before the simulation hears of the disk: the copy is no operation of the run.
    (void)disk_->Replace(options_.initial->NewDisk());
    fold_->Seed(options_.initial->view.world);
  }
  SimulationOptions so;
  so.seed = options_.seed;
  so.host_fs = options_.host_fs;
  so.trace = fold_.get();
  so.on_sim_event = [fold = fold_.get(), trace = trace_.get()](std::string_view type, std::string_view detail) {
    fold->OnSimEvent(type, detail);
    trace->AddSimEvent(type, detail);
  };
  // As `tsdbsim run` wires it (sim/cli/simulate/run.cc), so the trace hash is the same.
  sim_ = std::make_unique<Simulation>(scenario_, disk_.get(), so);
  trace_->set_clock(&sim_->loop().clock());
  failed_ = tsdb::Status::Ok();
  reached_ms_ = sim_->loop().NowMs();
  // Before the first open, the blocks on the disk.
  blocks_seen_ = options_.initial != nullptr ? options_.initial->blocks : std::vector<tsdb::block::BlockMeta>{};
  replay_cpu_ = {};
  last_replay_.reset();
  tasks_run_ = 0;
  sim_->Begin();
}

int64_t Session::elapsed_ms() const { return sim_->loop().NowMs() - kSimEpochMs; }

tsdb::Status Session::Advance() {
  TSDB_RETURN_IF_ERROR(failed_);
  TSDB_ASSERT(!sim_->Done());
  const int64_t at = sim_->NextTaskMs();
  // A task of a `run` step at time t is run by RunUntil(t); any other step
  // at t only by RunUntil(t + 1).
  reached_ms_ = std::max(reached_ms_, sim_->active_run_start_ms() ? at : at + 1);
  const bool was_up = sim_->db() != nullptr;
  tsdb::RealtimeClock real;  // shown, never part of the world's equality or the trace
  const int64_t start_ns = real.ThreadCpuNs();
  failed_ = sim_->AdvanceTask();
  tasks_run_++;
  reached_ms_ = std::max(reached_ms_, sim_->loop().NowMs());
  if (const tsdb::db::DB* db = sim_->db()) {
    if (!was_up) {
      replay_cpu_.ns = real.ThreadCpuNs() - start_ns;
      last_replay_ = sim_->open_report()->replay;
    }
    if (db->blocks() != blocks_seen_) blocks_seen_ = db->blocks();
  }
  return failed_;
}

tsdb::Result<std::span<const TraceRecord>> Session::Step() {
  const size_t before = trace_->size();
  while (!sim_->Done() && trace_->size() == before) TSDB_RETURN_IF_ERROR(Advance());
  Reached();
  return std::span<const TraceRecord>(trace_->records()).subspan(before);
}

tsdb::Result<std::span<const TraceRecord>> Session::StepTo(std::string_view kind) {
  if (!IsEventKind(kind)) return tsdb::Status::InvalidArgument("unknown event kind \"" + std::string(kind) + "\"");
  const size_t before = trace_->size();
  size_t seen = before;
  while (!sim_->Done()) {
    TSDB_RETURN_IF_ERROR(Advance());
    const auto& records = trace_->records();
    bool found = false;
    for (; seen < records.size(); seen++) found = found || MatchesEventKind(records[seen], kind);
    if (found) break;
  }
  Reached();
  return std::span<const TraceRecord>(trace_->records()).subspan(before);
}

tsdb::Status Session::RunUntil(int64_t elapsed_ms) {
  const int64_t target = kSimEpochMs + elapsed_ms;
  while (!sim_->Done()) {
    const int64_t at = sim_->NextTaskMs();
    const bool due = at < target || (at == target && sim_->active_run_start_ms().has_value());
    if (!due) break;
    TSDB_RETURN_IF_ERROR(Advance());
  }
  if (!sim_->Done() && sim_->IdleUntil(target)) reached_ms_ = std::max(reached_ms_, sim_->loop().NowMs());
  Reached();
  return failed_;
}

tsdb::Status Session::RunLine() {
  if (sim_->Done()) return failed_;
  const size_t step = sim_->next_step_index();
  do {
    TSDB_RETURN_IF_ERROR(Advance());
  } while (!sim_->Done() && sim_->next_step_index() == step && sim_->active_run_start_ms().has_value());
  Reached();
  return failed_;
}

tsdb::Status Session::RunToEnd() {
  while (!sim_->Done()) TSDB_RETURN_IF_ERROR(Advance());
  Reached();
  return failed_;
}

tsdb::Status Session::Seek(int64_t elapsed_ms) {
  if (kSimEpochMs + elapsed_ms < reached_ms_) {
    // Behind what has run: the run is deterministic, so it is run again
    // from a parked session of it, or from the start, to there.
    std::unique_ptr<Session> parked = cache_ != nullptr ? cache_->Take(elapsed_ms) : nullptr;
    if (parked != nullptr) {
      SwapRun(*parked);
      cache_->Discard(std::move(parked));  // the old run, freed on the builder thread
      seek_cache_hits_++;
    } else {
      Build();
    }
    rebuilds_++;
  }
  TSDB_RETURN_IF_ERROR(RunUntil(elapsed_ms));
  Reached();
  return failed_;
}

tsdb::Status Session::SeekTo(SessionPosition position) {
  TSDB_ASSERT(position.tasks >= 0);
  if (position.tasks < tasks_run_ || (position.tasks == tasks_run_ && position.elapsed_ms < elapsed_ms())) {
    // A session parked strictly before the position's time has run only
    // tasks due before it, so none past the position's last task.
    std::unique_ptr<Session> parked = cache_ != nullptr ? cache_->Take(position.elapsed_ms - 1) : nullptr;
    if (parked != nullptr && parked->tasks_run_ <= position.tasks) {
      SwapRun(*parked);
      seek_cache_hits_++;
    } else {
      Build();
    }
    if (parked != nullptr) cache_->Discard(std::move(parked));
    rebuilds_++;
  }
  while (tasks_run_ < position.tasks && !sim_->Done()) TSDB_RETURN_IF_ERROR(Advance());
  if (tasks_run_ != position.tasks) {
    return tsdb::Status::InvalidArgument("the run has only " + std::to_string(tasks_run_) + " tasks, not " +
                                         std::to_string(position.tasks));
  }
  const int64_t target = kSimEpochMs + position.elapsed_ms;
  if (!sim_->Done() && sim_->loop().NowMs() < target && sim_->IdleUntil(target)) {
    reached_ms_ = std::max(reached_ms_, sim_->loop().NowMs());
  }
  Reached();
  return failed_;
}

namespace {

struct KindAlias {
  std::string_view name;
  std::array<std::string_view, 2> types;
};

constexpr std::array<KindAlias, 10> kKindAliases = {{
    {"scrape", {"scrape_end", ""}},
    {"commit", {"fanout_commit", ""}},
    {"chunk_cut", {"head_chunk_cut", ""}},
    {"mmap", {"chunk_mmapped", ""}},
    {"compaction", {"compaction_end", ""}},
    {"checkpoint", {"checkpoint_created", ""}},
    {"wal_segment", {"wal_segment_created", ""}},
    {"fsync", {"wal_fsync", "head_chunk_fsync"}},
    {"replay", {"replay_start", ""}},
    {"replay_segment", {"replay_segment", ""}},
}};

// Simulator events a step may wait for (sim/trace/TRACE.md).
constexpr std::array<std::string_view, 9> kSimKinds = {"crash",  "restart", "fault",     "run",     "run_until",
                                                       "expect", "remove",  "shutdown", "target"};

}  // namespace

bool MatchesEventKind(const TraceRecord& record, std::string_view kind) {
  const std::string_view type = record.type_name();
  for (const KindAlias& a : kKindAliases) {
    if (a.name == kind) return type == a.types[0] || (!a.types[1].empty() && type == a.types[1]);
  }
  if (kind == "expect") return type.starts_with("expect");
  return type == kind;
}

bool IsEventKind(std::string_view kind) {
  for (const KindAlias& a : kKindAliases) {
    if (a.name == kind) return true;
  }
  if (std::find(kSimKinds.begin(), kSimKinds.end(), kind) != kSimKinds.end()) return true;
  return EventTypeFromName(kind).has_value();
}

}  // namespace tsdbsim
