// Oracle: what the DB acknowledged and what an fsync made durable, to
// check the DB against after a restart (DESIGN.md §5). It sits between the
// fanout and the DB: samples count as acknowledged once their appender's
// Commit returned OK. It also hears every filesystem operation, so it
// knows which commits' WAL records an fsync has reached.
//
// Prometheus 2.42's contract, as checked here:
//   - after a process crash, no acknowledged sample is lost;
//   - after a power loss, no durable sample is lost (durable: its WAL
//     writes were fsynced and the segment's directory entry survived);
//     acknowledged samples that were not durable may be lost by design;
//   - never a phantom (a sample no appender offered) nor a duplicate;
//   - the DB always opens.
// Samples of a commit the crash cut short may or may not be there; those of
// a commit that returned an error must not be.
#pragma once

#include <climits>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/db/db.h"
#include "engine/storage/appender.h"
#include "fault_injection/fs_op.h"
#include "fault_injection/sim_filesystem.h"
#include "sim/scenario/crash_kind.h"

namespace tsdbsim {


// What the oracle needs to know of a crash, taken just before it.
struct CrashContext {
  CrashKind kind = CrashKind::kNone;
  // The oracle's ids of the WAL segment files whose directory entry was
  // durable: after a power loss they still exist.
  std::set<uint32_t> durable_wal_entries;
  // Filled in after the restart's open: the WAL segment 2.42's repair
  // rewrote (deleting every later one), or -1.
  int repaired_segment = -1;
  // The lowest-numbered WAL segment whose bytes were not all fsynced (the
  // one being written, or one a crashed process left), or INT_MAX.
  int first_unsynced_segment = INT_MAX;
};

struct OracleCheck {
  int64_t acked_samples = 0;
  int64_t stored_samples = 0;
  int64_t lost_acked_samples = 0;     // every acknowledged sample missing
  int64_t lost_unsynced_samples = 0;  // of those: never fsynced, lost to a power loss (allowed)
  int64_t lost_unsynced_entry_samples = 0;  // fsynced, but in a segment whose entry was not (allowed)
  int64_t lost_to_repair_samples = 0;  // durable, but in or after the segment the WAL repair cut (allowed)
  // Durable, but after a segment that was not (its Series records, say,
  // were lost with it): 2.42 never fsyncs the segment a crashed process
  // left behind (allowed).
  int64_t lost_dependent_samples = 0;
  // Of a series whose creating commit (or rollback) failed on the WAL: 2.42
  // logs a Series record once, at creation, so its later samples cannot be
  // replayed (allowed).
  int64_t lost_unlogged_series_samples = 0;
  int64_t lost_violation_samples = 0;  // lost against the contract
  int64_t phantom_samples = 0;
  int64_t duplicate_samples = 0;
  int64_t unacked_present_samples = 0;  // from a commit the crash interrupted (allowed)
  // From a commit that returned an error: 2.42 rolls those back, so they
  // must never show up (a violation)...
  int64_t failed_commit_present_samples = 0;
  // ...unless a later WAL write carried them: 2.42 keeps a record whose
  // page flush failed in its page buffer and writes it with the next
  // flush, so a restart replays it (allowed).
  int64_t failed_commit_replayed_samples = 0;
  bool open_failed = false;
  // The open failed the way 2.42's does on this disk: a chunks_head file
  // that is not the last one lost its header to a power loss, and 2.42
  // repairs only the last (issues #7397, #7847). Reported, not a violation.
  bool open_failed_as_2_42 = false;
  std::string first_lost;  // "series t" of one sample, for the report
  std::string first_phantom;
  std::string open_error;

  int64_t violations() const {
    return lost_violation_samples + phantom_samples + duplicate_samples + failed_commit_present_samples +
           (open_failed && !open_failed_as_2_42 ? 1 : 0);
  }
  // One line: "violations=0 lost=... (allowed ...) phantom=... duplicate=...".
  std::string Summary() const;
};

class Oracle {
 public:
  // wal_dir: where the primary DB's WAL segments are, to tell its writes.
  explicit Oracle(std::string wal_dir = "/data/wal");

  // The primary storage seen through the oracle; `next` must outlive it.
  std::unique_ptr<tsdb::storage::Appendable> Wrap(tsdb::storage::Appendable* next);
  // A new process hands out new refs: forget the old ones.
  void ForgetRefs() {
    by_ref_.clear();
    by_small_ref_.clear();
  }
  // Every state-changing filesystem operation, in order.
  void OnFsOp(const fault::FsOp& op);
  // The process dies now, perhaps inside a commit: whatever that commit
  // returns later (to a dead process) acknowledges nothing.
  void ProcessDied() { died_in_commit_ = in_commit_; }
  // Call just before a crash of the given kind, with the disk as it is.
  CrashContext CaptureCrash(CrashKind kind, const fault::SimFilesystem& fs) const;

  // Reads the whole DB (blocks and head) and compares, changing nothing.
  tsdb::Result<OracleCheck> Check(tsdb::db::DB& db, const CrashContext& crash) const;
  // Check, then take the outcome as the new truth: losses the contract
  // allows are forgotten and samples of failed commits found stored become
  // expected, so the next check only sees what happens after this one.
  tsdb::Result<OracleCheck> CheckAndAdopt(tsdb::db::DB& db, const CrashContext& crash);
  // The first open found samples (the run started from a copy of a data
  // directory): they were on disk, fsynced, before the process started, so
  // they count as acknowledged and durable, in a commit of their own. Losing
  // one later is a violation; none of them is ever a phantom.
  tsdb::Status AdoptInitial(tsdb::db::DB& db);

  // Retention deleted blocks ending at or before t_ms: their samples are no
  // longer expected anywhere.
  void ExpireBefore(int64_t t_ms);
  int64_t expired_samples() const { return expired_count_; }
  int64_t acked_samples() const { return acked_count_; }
  // Kept as commits change state (a viewer asks often); CountDurableSamples
  // walks every acknowledged sample for the same figure (tests).
  int64_t durable_samples() const { return durable_count_; }
  int64_t CountDurableSamples() const;
  // The check of a restart whose open failed with `error`.
  static OracleCheck OpenFailed(const std::string& error, const CrashContext& crash);
  const OracleCheck& last_check() const { return last_; }
  void set_last_check(OracleCheck c) { last_ = std::move(c); }
  // Sum of violations over every check so far.
  int64_t total_violations() const { return total_violations_; }
  void AddViolations(int64_t n) { total_violations_ += n; }

  // Called by the wrapping appenders.
  struct Pending {
    uint32_t series;  // index into series_
    int64_t t_ms;
    uint64_t value_bits;
  };
  // *fresh: the ref is new to the oracle (the head may just have made it).
  uint32_t SeriesIndex(tsdb::storage::SeriesRef ref, const tsdb::Labels& labels, bool* fresh) {
    if (ref < by_small_ref_.size() && by_small_ref_[ref] != 0) {  // once per sample: inline
      *fresh = false;
      return by_small_ref_[ref] - 1;
    }
    return SeriesIndexSlow(ref, labels, fresh);
  }
  // A commit or rollback that failed after creating these series: their
  // Series record may never have reached the WAL.
  void MarkUnlogged(const std::vector<uint32_t>& series);
  // The commit takes the samples (and gives the emptied vector back).
  void BeginCommit(std::vector<Pending>* samples);
  void EndCommit(bool ok, std::vector<Pending>* give_back);

 private:
  // The commit id of samples of a commit a crash interrupted.
  static constexpr uint32_t kInFlight = UINT32_MAX - 1;
  struct Sample {
    int64_t t_ms;
    uint64_t value_bits;
    uint32_t commit;
  };
  struct Series {
    std::string name;  // labels as text
    // Acknowledged, in order (the head accepts only newer timestamps). A
    // deque: it grows by small blocks, where a vector of a day's samples
    // per series would be copied and re-mapped at every doubling.
    std::deque<Sample> acked;
    // Offered in commits that returned an error: must not be stored.
    std::vector<Sample> maybe;
    bool maybe_unlogged = false;  // see MarkUnlogged
  };
  struct Commit {
    bool durable = false;
    int64_t acked = 0;  // its samples in Series::acked
    bool failed = false;
    bool written_later = false;  // failed, and a later WAL write flushed its page
    std::vector<std::pair<uint32_t, uint64_t>> unsynced;  // WAL writes not yet fsynced: segment, op seq
    std::vector<uint32_t> segments;  // every segment it wrote to
  };

  struct Comparison;
  tsdb::Result<Comparison> Compare(tsdb::db::DB& db, const CrashContext& crash) const;
  // Whether losing a sample of this commit is allowed by the contract.
  static int SegmentIndex(const std::string& path);
  enum class Loss { kViolation, kUnsynced, kUnsyncedEntry, kRepair, kDependent };
  Loss Classify(uint32_t commit, const CrashContext& crash) const;

  uint32_t SegmentId(const std::string& path);
  uint32_t SeriesIndexSlow(tsdb::storage::SeriesRef ref, const tsdb::Labels& labels, bool* fresh);

  int64_t expired_count_ = 0;
  std::string wal_dir_;
  std::vector<std::string> segments_;  // WAL segment paths the commits wrote to
  std::map<std::string, uint32_t> segment_ids_;
  std::vector<Series> series_;
  std::unordered_map<std::string, uint32_t> by_name_;  // looked up only
  // Series by ref: the head hands out refs from a counter, so most are
  // small and index a vector (entry + 1, 0 = unknown); the rest use the map.
  static constexpr tsdb::storage::SeriesRef kSmallRefs = 1 << 22;
  std::vector<uint32_t> by_small_ref_;
  std::unordered_map<tsdb::storage::SeriesRef, uint32_t> by_ref_;  // looked up only
  std::vector<Commit> commits_;
  std::vector<uint32_t> undurable_;  // commits with WAL writes not yet fsynced
  std::vector<uint32_t> failed_unwritten_;  // failed commits no later WAL write followed
  // The commit in progress and what it offered.
  bool in_commit_ = false;
  bool died_in_commit_ = false;
  std::vector<Pending> in_flight_;
  int64_t acked_count_ = 0;
  int64_t durable_count_ = 0;  // the sum of acked over durable commits
  int64_t total_violations_ = 0;
  OracleCheck last_;
};

}  // namespace tsdbsim
