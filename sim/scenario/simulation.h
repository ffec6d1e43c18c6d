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
#include "sim/storage/remote_write_receiver.h"

namespace tsdbsim {

// The disk under the simulated process: the engine's filesystem plus the
// two ways a process can die (DESIGN.md §4).
class SimDisk {
 public:
  virtual ~SimDisk() = default;
  virtual tsdb::Filesystem* fs() = 0;
  virtual void CrashProcess() = 0;  // the page cache survives
  virtual void PowerLoss() = 0;     // only what was fsynced survives
};

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
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, SimDisk* disk, SimulationOptions options);
  ~Simulation();

  // Runs every step. A bad option value or an engine failure is an error
  // naming FILE:LINE:COL; failing expects are not errors (see outcomes()).
  tsdb::Status Run();
  // Stops the simulated Prometheus cleanly (SIGTERM): scraping stops, the
  // DB closes and fsyncs. For writing out a data directory after a run.
  tsdb::Status Shutdown();

  uint64_t seed() const { return seed_; }
  const std::vector<ExpectOutcome>& outcomes() const { return outcomes_; }
  int failed_expects() const;
  const EventLoop& loop() const { return loop_; }
  const Oracle& oracle() const { return oracle_; }
  tsdb::db::DB* db() const;  // null while the process is down
  const RemoteWriteReceiver* receiver() const { return receiver_.get(); }
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
  void Crash(const std::string& kind);
  tsdb::Status RunUntilEvent(const ::tsdbsim::Step& step);
  void Expect(const ::tsdbsim::Step& step);
  tsdb::Status Error(const ::tsdbsim::Step& step, int column, const std::string& what) const;
  void Note(std::string_view type, std::string_view detail);

  Scenario scenario_;
  SimDisk* disk_;
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
};

}  // namespace tsdbsim
