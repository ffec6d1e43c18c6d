// Simulation: runs a scenario. One seed drives everything (targets, jitter,
// ULIDs, faults) through forks of one Rng, on the event loop's virtual
// clock and a simulated filesystem, so a scenario and a seed give one run.
//
// The simulated Prometheus "process" is the DB, the fanout and the scrape
// manager. A crash drops it without a word to the disk; a restart opens the
// DB again (replaying chunks_head and the WAL), checks it against the
// oracle and starts scraping again. Targets and the remote-write receiver
// live outside the process and carry on.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/event_sink.h"
#include "engine/base/filesystem.h"
#include "engine/db/db.h"
#include "engine/scrape/scrape_manager.h"
#include "engine/storage/fanout.h"
#include "sim/kernel/event_loop.h"
#include "sim/kernel/rng.h"
#include "sim/scenario/oracle.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sim_disk.h"
#include "sim/scenario/sim_fault_points.h"
#include "sim/storage/remote_write_receiver.h"

namespace tsdbsim {

struct ExpectOutcome {
  int line = 0;
  std::string text;  // "expect NAME OP VALUE"
  double actual = 0;
  bool passed = false;
  std::string error;  // an unknown name, or `run until` that never came
};

struct SimulationOptions {
  std::optional<uint64_t> seed;  // overrides the scenario's
  std::string data_dir = "/data";  // on the simulated disk
  tsdb::Filesystem* host_fs = nullptr;  // for scripted targets' files
  tsdb::EventSink* trace = nullptr;     // hears every engine event
  // Hears what the simulator itself does: seed, crash, restart, expect ...
  std::function<void(std::string_view type, std::string_view detail)> on_sim_event;
  // Hears every filesystem operation once it took effect, numbered 1, 2, ...
  // across crashes. Called in the middle of an engine call: the crash
  // explorer takes its crash images here.
  std::function<void(const fault::FsOp& op, uint64_t op_number)> on_fs_op;
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, SimFilesystemDisk* disk, SimulationOptions options);
  ~Simulation();

  // Runs every step. A bad option value or an engine failure is an error
  // naming FILE:LINE:COL; failing expects are not errors (see outcomes()).
  // Exactly Begin() and then AdvanceTask() until Done().
  tsdb::Status Run();

  // Driving a run from outside (sim/step/session.h). A task is the smallest
  // unit: one event-loop event inside a `run` step, the end of a `run`
  // step, or one whole other step. Any sequence of AdvanceTask calls makes
  // the same run, event for event, as Run().
  void Begin();
  tsdb::Status AdvanceTask();
  bool Done() const { return active_ == nullptr && next_step_ >= scenario_.steps.size(); }
  // The virtual time once the next task has run (a task never moves the
  // clock back; a step outside `run` takes no time).
  int64_t NextTaskMs() const;
  // Inside a `run` step with nothing due until after t_ms: moves the clock
  // to t_ms, as the step would on its way. False (and nothing done) otherwise.
  bool IdleUntil(int64_t t_ms);
  const Scenario& scenario() const { return scenario_; }
  // The index in scenario().steps of the step the next task belongs to.
  size_t next_step_index() const { return active_ != nullptr ? active_step_ : next_step_; }
  // Inside a `run` step: when it began (virtual ms).
  std::optional<int64_t> active_run_start_ms() const;
  // Stops the simulated Prometheus cleanly (SIGTERM): scraping stops, the
  // DB closes and fsyncs. For writing out a data directory after a run.
  tsdb::Status Shutdown();

  uint64_t seed() const { return seed_; }
  const std::vector<ExpectOutcome>& outcomes() const { return outcomes_; }
  int failed_expects() const;
  const EventLoop& loop() const { return loop_; }
  const Oracle& oracle() const { return oracle_; }
  const fault::FaultPlan& fault_plan() const { return fault_plan_; }
  const tsdb::db::DbOptions& db_options() const { return db_options_; }
  const std::string& data_dir() const { return options_.data_dir; }
  const SimFilesystemDisk& disk() const { return *disk_; }
  // The line of the step running now.
  int current_line() const { return current_line_; }
  // Filesystem operations so far, across crashes.
  uint64_t fs_ops() const { return fs_ops_; }
  // Between a crash and the oracle's check at the restart: that crash.
  const CrashContext* unchecked_crash() const { return crash_unchecked_ ? &last_crash_ : nullptr; }
  tsdb::db::DB* db() const;  // null while the process is down
  const RemoteWriteReceiver* receiver() const { return receiver_.get(); }
  // What the running process's open found and did (null while it is down).
  const tsdb::db::OpenReport* open_report() const;
  // Faults of `fault` steps and armed crashes; and how often faults fired.
  int64_t FaultsArmed() const;
  int64_t FaultsFired() const;
  // Engine events seen so far, by type (for `run until` and summaries).
  int64_t EventCount(tsdb::EventType t) const;
  // Looks a metric of `expect` up: engine, head, WAL, blocks, oracle.
  tsdb::Result<double> Metric(const std::string& name) const;

 private:
  struct Process;
  struct TargetEntry;
  class Sink;

  tsdb::Status Step(const ::tsdbsim::Step& step);
  tsdb::Status ApplyConfig(const ::tsdbsim::Step& step);
  tsdb::Status AddTarget(const ::tsdbsim::Step& step);
  tsdb::Status SetSecondary(const ::tsdbsim::Step& step);
  tsdb::Status StartProcess();
  tsdb::Status ApplyScrapeConfig();
  // A crash now: the disk becomes what it leaves; the process is dropped
  // by FinishCrash, once the engine call that may be running has returned.
  void BeginCrash(CrashKind kind);
  void FinishCrash();
  void OnFsOp(const fault::FsOp& op);
  tsdb::Status AddFault(const ::tsdbsim::Step& step);
  tsdb::Status ArmCrash(const ::tsdbsim::Step& step);
  void Expect(const ::tsdbsim::Step& step);
  tsdb::Status Error(const ::tsdbsim::Step& step, int column, const std::string& what) const;
  void Note(std::string_view type, std::string_view detail);

  // A `run` or `run until` step in progress.
  struct ActiveRun {
    int64_t start_ms = 0;
    int64_t deadline_ms = 0;
    bool until = false;  // `run until EVENT`: stops at the first one
    tsdb::EventType type{};
    int64_t count_before = 0;
  };
  tsdb::Status StartStep(const ::tsdbsim::Step& step);
  void FinishRunUntil(const ::tsdbsim::Step& step);

  Scenario scenario_;
  size_t next_step_ = 0;
  size_t active_step_ = 0;
  std::unique_ptr<ActiveRun> active_;
  SimFilesystemDisk* disk_;
  SimulationOptions options_;
  uint64_t seed_;
  Rng rng_;
  EventLoop loop_;
  std::unique_ptr<Sink> sink_;
  Oracle oracle_;

  // Settings from `config` steps.
  tsdb::db::DbOptions db_options_;
  tsdb::scrape::ScrapeConfig scrape_defaults_;
  bool started_ = false;

  std::vector<std::unique_ptr<TargetEntry>> targets_;
  std::unique_ptr<RemoteWriteReceiver> receiver_;
  uint64_t jitter_seed_ = 0;
  std::shared_ptr<uint64_t> generation_;
  std::unique_ptr<Process> process_;
  int restarts_ = 0;
  std::vector<ExpectOutcome> outcomes_;

  // Crashes: the operation count, a crash armed for operation N, the one in
  // progress and what the oracle must know of the last one.
  uint64_t fs_ops_ = 0;
  int current_line_ = 0;
  struct ArmedCrash {
    CrashKind kind;
    uint64_t at_op;
  };
  std::optional<ArmedCrash> armed_crash_;
  std::unique_ptr<fault::SimFilesystem> dying_fs_;
  bool crash_pending_ = false;
  CrashContext last_crash_;
  bool crash_unchecked_ = false;
  std::unique_ptr<SimFaultPoints> fault_points_;
  // Filesystem faults of `fault` steps; attached at the first one.
  fault::FaultPlan fault_plan_;
  bool fault_plan_attached_ = false;
  int64_t fault_stall_ms_ = 0;  // virtual time slow I/O took
  bool swarm_ = false;  // swarm faults hit the running process, not restarts
  tsdb::Status AddFsFault(const ::tsdbsim::Step& step);
  tsdb::Status AddSwarm(const ::tsdbsim::Step& step);
  void AttachFaultPlan();
};

}  // namespace tsdbsim
