// The simulation's life: steps in order, the process started lazily at the
// first run, crashes and restarts. Running the steps task by task is in
// simulation_drive.cc.
#include "sim/scenario/simulation_internal.h"

namespace tsdbsim {

Simulation::Simulation(const Scenario& scenario, SimFilesystemDisk* disk, SimulationOptions options)
    : scenario_(scenario),
      disk_(disk),
      options_(std::move(options)),
      seed_(options_.seed.value_or(scenario.seed.value_or(1))),
      rng_(seed_),
      loop_(kSimEpochMs),
      sink_(std::make_unique<Sink>(options_.trace, &oracle_)),
      oracle_(tsdb::JoinPath(options_.data_dir, "wal")),
      generation_(std::make_shared<uint64_t>(0)) {
  static_assert(tsdb::kEventTypeCount <= 64);
  // Streams drawn in a fixed order, whatever the scenario holds.
  jitter_seed_ = rng_.NextU64();
  db_options_.block_chunk_segment_size_bytes = 512ull * 1024 * 1024;
  scrape_defaults_.job_name = "node";
  scrape_defaults_.scrape_interval_ms = 15'000;
  scrape_defaults_.scrape_timeout_ms = 10'000;
  // Its own stream, so enabling a point shifts nothing else.
  fault_points_ = std::make_unique<SimFaultPoints>(rng_.Fork(0xfa017));
  db_options_.head.fault_points = fault_points_.get();
  disk_->SetObserver([this](const fault::FsOp& op) { OnFsOp(op); });
}

Simulation::~Simulation() {
  // The process goes first: its loops point at targets and the receiver.
  process_.reset();
  dying_fs_.reset();
  disk_->SetObserver({});
}

int Simulation::failed_expects() const {
  int n = 0;
  for (const auto& o : outcomes_) n += o.passed ? 0 : 1;
  return n;
}

int64_t Simulation::EventCount(tsdb::EventType t) const { return sink_->count(t); }

tsdb::Status Simulation::Error(const ::tsdbsim::Step& step, int column, const std::string& what) const {
  return tsdb::Status::InvalidArgument(scenario_.file + ":" + std::to_string(step.line) + ":" +
                                       std::to_string(column) + ": " + what);
}

void Simulation::Note(std::string_view type, std::string_view detail) {
  if (options_.on_sim_event) options_.on_sim_event(type, detail);
}

tsdb::Status Simulation::Run() {
  Begin();
  while (!Done()) TSDB_RETURN_IF_ERROR(AdvanceTask());
  return {};
}

const tsdb::db::OpenReport* Simulation::open_report() const { return process_ ? &process_->report : nullptr; }

tsdb::Status Simulation::Shutdown() {
  if (!process_) return {};
  process_->manager->Stop();
  Note("shutdown", "");
  tsdb::Status s = process_->db->Close();
  ++*generation_;
  process_.reset();
  return s;
}

tsdb::Status Simulation::Step(const ::tsdbsim::Step& step) {
  using K = ::tsdbsim::Step::Kind;
  switch (step.kind) {
    case K::kSeed:
      return {};
    case K::kConfig:
      if (started_) return Error(step, 1, "config after the first run (expected every config step before it)");
      return ApplyConfig(step);
    case K::kTarget:
      TSDB_RETURN_IF_ERROR(AddTarget(step));
      return started_ && process_ ? ApplyScrapeConfig() : tsdb::Status::Ok();
    case K::kRemove: {
      for (auto& t : targets_) {
        if (t->name == step.name && t->active) {
          t->active = false;
          Note("remove", step.name);
          return started_ && process_ ? ApplyScrapeConfig() : tsdb::Status::Ok();
        }
      }
      return Error(step, 8, "no target named \"" + step.name + "\" (expected a target defined before)");
    }
    case K::kSecondary:
      if (started_) return Error(step, 1, "secondary after the first run (expected it before)");
      return SetSecondary(step);
    case K::kRun:
    case K::kRunUntil:
      return StartStep(step);  // AdvanceTask runs it, task by task
    case K::kCrash:
      if (!step.options.empty()) return ArmCrash(step);
      if (!process_) return Error(step, 1, "crash without a running process (expected a run or restart before)");
      BeginCrash(ParseCrashKind(step.name).value_or(CrashKind::kProcess));
      FinishCrash();
      return {};
    case K::kFault:
      return AddFault(step);
    case K::kShutdown:
      if (!process_) return Error(step, 1, "shutdown without a running process (expected a run or restart before)");
      // A clean stop promises everything acknowledged: the restart checks
      // as after no crash at all.
      last_crash_ = CrashContext{};
      return Shutdown().Wrap("shutdown");
    case K::kRestart:
      if (process_) return Error(step, 1, "restart of a running process (expected a crash or shutdown before)");
      if (!started_) return Error(step, 1, "restart before the first run");
      return StartProcess();
    case K::kExpect:
      Expect(step);
      return {};
  }
  return {};
}

tsdb::Status Simulation::StartProcess() {
  const bool restart = started_;
  started_ = true;
  if (!restart) {
    // The data directory is there before Prometheus starts, as a mount
    // point or a directory made at install time: durable from the start.
    TSDB_RETURN_IF_ERROR(disk_->fs()->MkdirAll(options_.data_dir));
    TSDB_RETURN_IF_ERROR(disk_->fs()->SyncDir("/"));
  }
  ++*generation_;
  auto p = std::make_unique<Process>();
  p->executor = std::make_unique<ProcessExecutor>(&loop_, generation_);
  // Swarm faults are the running process's trouble; the restart meets a
  // healthy disk, or no mix would ever come back up.
  if (swarm_) disk_->PauseFaults(true);
  auto db = tsdb::db::DB::Open(disk_->fs(), options_.data_dir, db_options_, &loop_.clock(), &rng_, sink_.get(),
                               p->executor.get(), &p->report);
  if (swarm_) disk_->PauseFaults(false);
  if (!db.ok()) {
    // Against the contract: the DB must always open (repairing if needed).
    const OracleCheck failed = Oracle::OpenFailed(db.status().ToString(), last_crash_);
    oracle_.set_last_check(failed);
    oracle_.AddViolations(failed.violations());
    Note("restart", failed.Summary());
    // 2.42 itself would not start on this disk: the process stays down and
    // the run goes on, so a scenario can state it (museum/).
    if (failed.open_failed_as_2_42) return {};
    return db.status().Wrap("open " + options_.data_dir);
  }
  p->db = std::move(db).value();
  oracle_.ForgetRefs();
  // An empty disk opens empty; anything found at the first start was there
  // before the run (sim/step/session.h, SessionOptions::initial_data_dir).
  if (!restart && (!p->db->blocks().empty() || p->db->head().NumSeries() > 0)) {
    TSDB_RETURN_IF_ERROR(oracle_.AdoptInitial(*p->db).Wrap("oracle at the first open"));
  }
  p->primary = oracle_.Wrap(p->db.get());
  // Without a `secondary` step the fanout has none, as a Prometheus
  // without remote_write.
  std::vector<tsdb::storage::Appendable*> secondaries;
  if (receiver_) secondaries.push_back(receiver_.get());
  p->fanout = std::make_unique<tsdb::storage::Fanout>(p->primary.get(), std::move(secondaries), sink_.get());
  p->manager = std::make_unique<tsdb::scrape::ScrapeManager>(
      tsdb::scrape::LoopContext{p->fanout.get(), p->executor.get(), sink_.get(), nullptr, jitter_seed_});
  process_ = std::move(p);
  if (restart) {
    restarts_++;
    if (process_->report.repair) last_crash_.repaired_segment = process_->report.repair->segment;
    auto check = oracle_.CheckAndAdopt(*process_->db, last_crash_);
    if (!check.ok()) return check.status().Wrap("oracle after restart");
    crash_unchecked_ = false;
    Note("restart", check->Summary());
  }
  return ApplyScrapeConfig();
}

tsdb::Status Simulation::ApplyScrapeConfig() {
  std::map<std::string, tsdb::scrape::JobConfig> jobs;
  for (const auto& t : targets_) {
    if (!t->active) continue;
    auto [it, fresh] = jobs.try_emplace(t->job);
    if (fresh) {
      it->second.config = scrape_defaults_;
      it->second.config.job_name = t->job;
      if (t->interval_ms > 0) {
        it->second.config.scrape_interval_ms = t->interval_ms;
        it->second.config.scrape_timeout_ms = std::min(it->second.config.scrape_timeout_ms, t->interval_ms);
      }
    }
    it->second.targets.push_back({t->scraper.get(), tsdb::Labels()});
  }
  std::vector<tsdb::scrape::JobConfig> list;
  for (auto& [name, job] : jobs) list.push_back(std::move(job));
  return process_->manager->ApplyConfig(list);
}

}  // namespace tsdbsim
