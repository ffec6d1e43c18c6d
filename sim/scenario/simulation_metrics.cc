// What `expect` can look at: engine counters under their Prometheus names,
// the state of the head, WAL and blocks on the simulated disk, the scrape
// counters, the remote-write receiver and the oracle.
#include <cmath>
#include <algorithm>

#include "engine/wlog/segments.h"
#include "sim/scenario/simulation_internal.h"

namespace tsdbsim {
namespace {

bool Compare(double a, const std::string& op, double b) {
  if (op == "==") return a == b;
  if (op == "!=") return a != b;
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  return a >= b;
}

std::string FormatNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  return std::to_string(v);
}

int64_t FailedBlocks(const tsdb::db::DB& d) {
  int64_t n = 0;
  for (const auto& b : d.blocks()) n += b.compaction.failed ? 1 : 0;
  return n;
}

int64_t MaxBlockLevel(const tsdb::db::DB& d) {
  int64_t level = 0;
  for (const auto& b : d.blocks()) level = std::max(level, b.compaction.level);
  return level;
}

}  // namespace

tsdb::db::DB* Simulation::db() const { return process_ ? process_->db.get() : nullptr; }

tsdb::Result<double> Simulation::Metric(const std::string& name) const {
  // It walks every acknowledged sample: only when asked for.
  if (name == "durable_samples") return static_cast<double>(oracle_.durable_samples());
  const OracleCheck& oc = oracle_.last_check();
  const std::map<std::string, double> fixed = {
      {"acked_samples", static_cast<double>(oracle_.acked_samples())},
      {"expired_samples", static_cast<double>(oracle_.expired_samples())},
      {"lost_acked_samples", static_cast<double>(oc.lost_acked_samples)},
      {"phantom_samples", static_cast<double>(oc.phantom_samples)},
      {"duplicate_samples", static_cast<double>(oc.duplicate_samples)},
      {"lost_unsynced_samples", static_cast<double>(oc.lost_unsynced_samples)},
      {"lost_unsynced_entry_samples", static_cast<double>(oc.lost_unsynced_entry_samples)},
      {"lost_violation_samples", static_cast<double>(oc.lost_violation_samples)},
      {"lost_to_repair_samples", static_cast<double>(oc.lost_to_repair_samples)},
      {"lost_dependent_samples", static_cast<double>(oc.lost_dependent_samples)},
      {"lost_unlogged_series_samples", static_cast<double>(oc.lost_unlogged_series_samples)},
      {"open_failed_as_2_42", oc.open_failed_as_2_42 ? 1.0 : 0.0},
      {"unacked_present_samples", static_cast<double>(oc.unacked_present_samples)},
      {"failed_commit_present_samples", static_cast<double>(oc.failed_commit_present_samples)},
      {"failed_commit_replayed_samples", static_cast<double>(oc.failed_commit_replayed_samples)},
      {"fault_stall_ms", static_cast<double>(fault_stall_ms_)},
      {"faults_fired", static_cast<double>(FaultsFired())},
      {"violations", static_cast<double>(oracle_.total_violations())},
      {"fs_ops", static_cast<double>(fs_ops_)},
      {"fault_points_fired", static_cast<double>(fault_points_->fired_total())},
      {"restarts", static_cast<double>(restarts_)},
      {"now_ms", static_cast<double>(loop_.NowMs() - kSimEpochMs)},
      {"remote_delivered_samples", receiver_ ? static_cast<double>(receiver_->delivered_sample_count()) : 0},
      {"remote_pending_samples", receiver_ ? static_cast<double>(receiver_->pending_sample_count()) : 0},
      {"chunk_cuts", static_cast<double>(EventCount(tsdb::EventType::kHeadChunkCut))},
      {"mmapped_chunks_written", static_cast<double>(EventCount(tsdb::EventType::kChunkMmapped))},
      {"checkpoints_created", static_cast<double>(EventCount(tsdb::EventType::kCheckpointCreated))},
      {"block_compactions", static_cast<double>(EventCount(tsdb::EventType::kBlockCompactionEnd))},
      {"wal_segments_created", static_cast<double>(EventCount(tsdb::EventType::kWalSegmentCreated))},
  };
  if (auto it = fixed.find(name); it != fixed.end()) return it->second;
  if (!process_) return tsdb::Status::NotFound("\"" + name + "\" needs a running process (restart first)");
  const tsdb::db::DB& d = *process_->db;
  const tsdb::head::HeadMetrics& hm = d.head().metrics();
  const tsdb::scrape::ScrapeMetrics& sm = process_->manager->metrics();
  const std::map<std::string, double> live = {
      {"head_series", static_cast<double>(d.head().NumSeries())},
      {"prometheus_tsdb_head_series", static_cast<double>(d.head().NumSeries())},
      {"head_chunks", static_cast<double>(hm.chunks)},
      {"prometheus_tsdb_head_chunks", static_cast<double>(hm.chunks)},
      {"prometheus_tsdb_head_chunks_created_total", static_cast<double>(hm.chunks_created_total)},
      {"prometheus_tsdb_head_series_created_total", static_cast<double>(hm.series_created_total)},
      {"prometheus_tsdb_head_series_removed_total", static_cast<double>(hm.series_removed_total)},
      {"prometheus_tsdb_head_samples_appended_total", static_cast<double>(hm.samples_appended_total)},
      {"prometheus_tsdb_out_of_order_samples_total", static_cast<double>(hm.out_of_order_samples_total)},
      {"prometheus_tsdb_out_of_bound_samples_total", static_cast<double>(hm.out_of_bound_samples_total)},
      {"prometheus_tsdb_head_truncations_total", static_cast<double>(hm.truncations_total)},
      {"prometheus_tsdb_checkpoint_creations_total", static_cast<double>(hm.checkpoint_creations_total)},
      {"prometheus_tsdb_wal_corruptions_total", static_cast<double>(hm.wal_corruptions_total)},
      {"prometheus_tsdb_compactions_total", static_cast<double>(d.metrics().compactions_total)},
      {"prometheus_tsdb_compactions_failed_total", static_cast<double>(d.metrics().compactions_failed_total)},
      {"head_min_time", static_cast<double>(d.head().MinTime())},
      {"head_max_time", static_cast<double>(d.head().MaxTime())},
      {"blocks", static_cast<double>(d.blocks().size())},
      {"max_block_level", static_cast<double>(MaxBlockLevel(d))},
      {"blocks_compaction_failed", static_cast<double>(FailedBlocks(d))},
      {"blocks_deleted", static_cast<double>(d.metrics().blocks_deleted_total)},
      {"prometheus_tsdb_blocks_loaded", static_cast<double>(d.blocks().size())},
      {"prometheus_tsdb_storage_blocks_bytes", static_cast<double>(d.metrics().blocks_bytes)},
      {"prometheus_tsdb_retention_limit_bytes", static_cast<double>(d.options().retention.max_bytes)},
      {"prometheus_tsdb_time_retentions_total", static_cast<double>(d.metrics().time_retentions_total)},
      {"prometheus_tsdb_size_retentions_total", static_cast<double>(d.metrics().size_retentions_total)},
      {"prometheus_tsdb_lowest_timestamp", static_cast<double>(d.LowestTimestampMs())},
      {"prometheus_tsdb_lowest_timestamp_seconds", static_cast<double>(d.LowestTimestampMs() / 1000)},
      {"replayed_samples", static_cast<double>(process_->report.replay.samples_loaded)},
      {"replayed_series", static_cast<double>(process_->report.replay.series_loaded)},
      {"replayed_mmapped_chunks", static_cast<double>(process_->report.replay.mmapped_chunks_loaded)},
      {"replayed_records", static_cast<double>(process_->report.replay.records_loaded)},
      {"replayed_snapshot_series", static_cast<double>(process_->report.replay.snapshot_series)},
      {"replayed_snapshot_samples", static_cast<double>(process_->report.replay.snapshot_samples)},
      {"snapshot_loaded", process_->report.replay.snapshot_dir.empty() ? 0.0 : 1.0},
      {"wal_repaired_bytes", process_->report.repair ? 1.0 : 0.0},
      {"scrapes_total", static_cast<double>(sm.scrapes_total)},
      {"scrapes_failed_total", static_cast<double>(sm.scrapes_failed_total)},
      {"prometheus_target_scrapes_exceeded_sample_limit_total",
       static_cast<double>(sm.scrapes_exceeded_sample_limit_total)},
      {"targets", static_cast<double>(process_->manager->loops().size())},
  };
  if (auto it = live.find(name); it != live.end()) return it->second;
  if (name == "wal_segments" || name == "checkpoints") {
    auto entries = disk_->fs()->List(tsdb::JoinPath(options_.data_dir, "wal"));
    if (!entries.ok()) return entries.status();
    double n = 0;
    for (const auto& e : *entries) {
      const bool is_cp = e.name.starts_with("checkpoint.");
      n += (name == "checkpoints") == is_cp && (is_cp || tsdb::wlog::ParseIndex(e.name) >= 0) ? 1 : 0;
    }
    return n;
  }
  if (name == "mmapped_chunks") {
    double n = 0;
    d.head().series().ForEach([&](tsdb::head::MemSeries& s) { n += static_cast<double>(s.mmapped_chunks().size()); });
    return n;
  }
  return tsdb::Status::NotFound("unknown metric \"" + name + "\"");
}

void Simulation::Expect(const ::tsdbsim::Step& step) {
  ExpectOutcome o;
  o.line = step.line;
  o.text = "expect " + step.name + " " + step.kind_word + " " + FormatNumber(step.number);
  auto v = Metric(step.name);
  if (!v.ok()) {
    o.error = v.status().message();
  } else {
    o.actual = *v;
    o.passed = Compare(*v, step.kind_word, step.number);
  }
  Note(o.passed ? "expect_pass" : "expect_fail", o.text + " (got " + FormatNumber(o.actual) + ")");
  outcomes_.push_back(std::move(o));
}

}  // namespace tsdbsim
