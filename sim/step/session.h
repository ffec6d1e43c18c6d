// Session: a simulated run driven from outside, the API the GUI, the
// lessons and `tsdbsim snapshot`/`fork` stand on (DESIGN.md §6). Step to the
// next event or the next event of a kind, run to a virtual time or to the
// end of a scenario line, seek back and forth, take the world, fork.
//
// The grain is one task of the simulation (simulation.h): one event-loop
// event (a scrape and its commit, a compaction, a WAL segment's background
// fsync ...) or one whole non-`run` step (a crash, a restart with its
// replay). A step returns every trace record its tasks made, in order,
// so a viewer can animate inside a task (the replay of a restart).
//
// However a session is driven, its run is the run `tsdbsim run` makes:
// same events, same trace hash. Times given to the session are virtual
// milliseconds since the run began ("elapsed"), as in scenario files.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "sim/scenario/simulation.h"
#include "engine/block/meta.h"
#include "sim/step/datadir_view.h"
#include "sim/step/world.h"
#include "sim/step/world_fold.h"

namespace tsdbsim {
class SeekCache;
struct SeekCacheOptions;
}  // namespace tsdbsim
#include "sim/trace/trace_recorder.h"

namespace tsdbsim {

// Where a run stands exactly: tasks run so far and the virtual clock (a
// RunUntil may move the clock on past the last task). Two sessions of one
// scenario at one position have the same world and the same trace.
struct SessionPosition {
  int64_t tasks = 0;
  int64_t elapsed_ms = 0;
  friend bool operator==(const SessionPosition&, const SessionPosition&) = default;
};

struct InitialDataDir;  // session_datadir.h

struct SessionOptions {
  std::optional<uint64_t> seed;  // overrides the scenario's
  WatchSpec watch;
  tsdb::Filesystem* host_fs = nullptr;  // for scripted targets' files, and initial_data_dir
  // A data directory on host_fs (a real Prometheus's, say) to start from:
  // Open copies it once into the simulated disk's data directory, /data,
  // all of it durable; host_fs is only read. The first `run` then opens the
  // DB on the copy as Prometheus starts on it, replaying chunks_head/, the
  // checkpoint and the WAL (the replay events, World::replay), and the
  // oracle takes the samples the open found as acknowledged and durable.
  //
  // Time: the directory's samples keep their own timestamps (a WAL replay
  // does not look at the clock), while the virtual clock still starts at
  // kSimEpochMs (2023-01-01), so the head and blocks lie wherever the
  // directory's Prometheus wrote them (DataDirView::min_time_ms). A target
  // scraped after the open appends at the clock's time: for a directory
  // written after 2023 that is older than the head's max time minus half a
  // chunk range, so every sample, `up` included, is out of bounds and 2.42
  // rolls the whole scrape back, as it would with its clock set back years.
  // To watch a replay, use a scenario without targets:
  // "config chunk_range=2m\nrun 1m\n" (the directory's min block duration;
  // the replay's counts do not depend on it).
  std::string initial_data_dir;
  // Filled by Open from initial_data_dir when null; forks and parked
  // sessions share it, so every rebuild starts from the same bytes.
  std::shared_ptr<const InitialDataDir> initial;
};

class Session {
 public:
  // Parses `text` (errors are FILE:LINE:COL) and stands before its first step.
  static tsdb::Result<std::unique_ptr<Session>> Open(std::string text, std::string file, SessionOptions options);
  ~Session();

  // Runs tasks until one records at least one trace record (or the run ends);
  // returns what they recorded (a view into trace(): valid until the session
  // moves on).
  tsdb::Result<std::span<const TraceRecord>> Step();
  // Runs until a record of `kind` (see MatchesEventKind) has been recorded,
  // or the run ends; returns every record made on the way.
  tsdb::Result<std::span<const TraceRecord>> StepTo(std::string_view kind);
  // Runs everything due at or before elapsed_ms (the clock then shows
  // elapsed_ms, unless the scenario ends or a task ran late past it).
  tsdb::Status RunUntil(int64_t elapsed_ms);
  // Finishes the scenario line in progress, or runs the next one whole.
  tsdb::Status RunLine();
  tsdb::Status RunToEnd();
  // Goes to elapsed_ms, backwards as well as forwards: the world then
  // equals the one RunUntil(elapsed_ms) gives from the start. Backwards it
  // starts from a session the seek cache parked, or else from the start.
  tsdb::Status Seek(int64_t elapsed_ms);
  // Goes back (or forward) to a position this run has been at or will be
  // at: step back is SeekTo(the position before the last Step()). Fails
  // for a position no run of this scenario passes through.
  tsdb::Status SeekTo(SessionPosition position);
  SessionPosition position() const { return {tasks_run_, elapsed_ms()}; }

  // Parks sessions behind the run's position on a background thread
  // (seek_cache.h), so that seeking back costs at most one spacing of run.
  void EnableSeekCache(SeekCacheOptions options);

  // The world now; costs the same whatever the number of series.
  World TakeWorld() const;
  // Any one series now, watched or not, by its labels as the engine prints
  // them (a series the GUI follows): a read-only query of the head. Not in
  // the head (not created yet, removed, process down, labels that do not
  // parse): in_head is false.
  WorldSeries TakeSeries(const std::string& labels_text) const;

  // The scenario that makes a fork from this moment: the lines already run
  // (a `run` step in progress cut to the time run so far), then `lines`.
  std::string ForkText(const std::vector<std::string>& lines) const;
  // A new session running ForkText(lines), stopped where this one is now,
  // before the first new line; this session is not touched.
  tsdb::Result<std::unique_ptr<Session>> Fork(const std::vector<std::string>& lines) const;

  bool done() const { return sim_->Done(); }
  int64_t elapsed_ms() const;
  uint64_t seed() const { return sim_->seed(); }
  const Simulation& simulation() const { return *sim_; }
  // The simulated disk (to write the data directory out, as it is now).
  const SimFilesystemDisk& disk() const { return *disk_; }
  const TraceRecorder& trace() const { return *trace_; }
  // The data directory the run started from, as it was read (null without
  // SessionOptions::initial_data_dir).
  const DataDirView* initial_view() const;
  std::string TraceHashHex() const { return trace_->HashHex(); }
  // The text and name the session was opened with.
  const std::string& text() const { return text_; }
  const std::string& file() const { return file_; }
  // How many seeks back ran again from the start, or from a parked session.
  int64_t rebuilds() const { return rebuilds_; }
  int64_t seek_cache_hits() const { return seek_cache_hits_; }
  SeekCache* seek_cache() { return cache_.get(); }

 private:
  Session(std::string text, std::string file, Scenario scenario, SessionOptions options);
  // ForkText without the new lines.
  std::string ForkPrefix() const;
  // A fresh disk, trace, fold and simulation, before the first step.
  void Build();
  // Swaps runs with a session of the same scenario (a parked one).
  void SwapRun(Session& other);
  // Tells the seek cache how far the run has got.
  void Reached();
  // One task, timing a restart's replay in real time.
  tsdb::Status Advance();

  std::string text_;
  std::string file_;
  Scenario scenario_;
  SessionOptions options_;
  std::unique_ptr<SimFilesystemDisk> disk_;
  std::unique_ptr<TraceRecorder> trace_;
  std::unique_ptr<WorldFold> fold_;
  std::unique_ptr<Simulation> sim_;
  tsdb::Status failed_;  // a step failed: the run cannot go on
  // The earliest virtual time T for which RunUntil(T) from the start would
  // have run every task run so far: Seek goes forward from here only then.
  int64_t reached_ms_ = 0;
  // The last open's replay, kept while the process is down again.
  std::optional<tsdb::head::ReplayStats> last_replay_;
  CpuTimeNs replay_cpu_;
  int64_t rebuilds_ = 0;
  int64_t seek_cache_hits_ = 0;
  int64_t tasks_run_ = 0;  // AdvanceTask calls since Build
  // Last: its builder thread stops before anything else goes.
  std::unique_ptr<SeekCache> cache_;
  // Blocks as the process last had them: while it is down, the world shows
  // these (kept after every task, so when the world is taken changes nothing).
  std::vector<tsdb::block::BlockMeta> blocks_seen_;
};

// Whether a record is of an event kind a step can wait for: an engine event
// name (trace/TRACE.md), a simulator event name ("crash", "restart",
// "fault", ...), or one of the short names scrape, commit, chunk_cut, mmap,
// compaction, checkpoint, wal_segment, fsync, replay_segment.
bool MatchesEventKind(const TraceRecord& record, std::string_view kind);
// False for a kind no record can ever match.
bool IsEventKind(std::string_view kind);

}  // namespace tsdbsim
