// Taking the world: the fold's picture, completed with read-only queries
// whose cost does not grow with the number of series (file listings of
// wal/ and chunks_head/, the head's counters, the watched series by hash).
#include <charconv>

#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/head/mem_series.h"
#include "sim/scenario/simulation_internal.h"
#include "sim/step/datadir_view.h"
#include "sim/step/session.h"

namespace tsdbsim {
namespace {

// The number a file name such as "00000012" or "000003" stands for.
std::optional<int64_t> NumberedName(std::string_view name) {
  if (name.empty()) return std::nullopt;
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), n);
  if (ec != std::errc() || end != name.data() + name.size()) return std::nullopt;
  return n;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void TakeWal(const fault::SimFilesystem& fs, const std::string& dir, const WorldFold& fold, WorldWal* wal) {
  const std::string checkpoint_prefix = dir + "/checkpoint.";
  for (const fault::SimFileStatus& f : fs.Files(dir)) {
    if (f.is_dir) continue;
    if (f.path.starts_with(checkpoint_prefix)) {
      wal->checkpoint_size_bytes += static_cast<int64_t>(f.visible_size_bytes);
      continue;
    }
    const std::optional<int64_t> n = NumberedName(BaseName(f.path));
    if (!n || f.path.size() != dir.size() + 1 + BaseName(f.path).size()) continue;
    auto it = fold.wal_segments().find(*n);
    WorldWalSegment s = it != fold.wal_segments().end() ? it->second : WorldWalSegment{};
    s.number = *n;
    s.bytes_written = static_cast<int64_t>(f.visible_size_bytes);
    s.bytes_fsynced = static_cast<int64_t>(f.durable_size_bytes);
    wal->segments.push_back(s);
  }
}

void TakeChunksHead(const fault::SimFilesystem& fs, const std::string& dir, const WorldFold& fold,
                    std::vector<WorldChunkFile>* out) {
  for (const fault::SimFileStatus& f : fs.Files(dir)) {
    const std::optional<int64_t> n = NumberedName(BaseName(f.path));
    if (f.is_dir || !n) continue;
    auto it = fold.chunk_files().find(*n);
    WorldChunkFile c = it != fold.chunk_files().end() ? it->second : WorldChunkFile{};
    if (it == fold.chunk_files().end()) {
      auto gone = fold.deleted_chunk_files().find(*n);  // back after a power loss
      if (gone != fold.deleted_chunk_files().end()) c = gone->second;
    }
    c.number = *n;
    c.size_bytes = static_cast<int64_t>(f.visible_size_bytes);
    out->push_back(c);
  }
}

WorldSeries TakeSeries(const tsdb::head::Head& head, const WatchedSeries& w) {
  WorldSeries out;
  out.labels = w.text;
  const tsdb::head::MemSeries* s = head.series().GetByHash(w.labels.Hash(), w.labels);
  if (s == nullptr) return out;
  out.in_head = true;
  out.ref = s->ref();
  if (const tsdb::head::HeadChunk* c = s->head_chunk()) {
    out.has_open_chunk = true;
    out.open = {.mint = c->mint,
                .maxt = c->maxt,
                .samples = c->chunk.NumSamples(),
                .samples_target = head.options().samples_per_chunk,
                .next_at_ms = s->next_at(),
                .range_end_ms = tsdb::head::RangeForTimestamp(c->mint, head.options().chunk_range_ms),
                .bytes = s->OpenChunkBytes()};
  }
  for (const tsdb::head::MmappedChunk& m : s->mmapped_chunks()) {
    out.mmapped.push_back({.file = tsdb::chunks::ChunkDiskRefFile(m.ref),
                           .offset = tsdb::chunks::ChunkDiskRefOffset(m.ref),
                           .mint = m.mint,
                           .maxt = m.maxt,
                           .samples = m.num_samples});
  }
  return out;
}

void TakeHead(const tsdb::head::Head& head, const WorldFold& fold, WorldHead* out) {
  out->series = static_cast<int64_t>(head.NumSeries());
  out->chunks = head.metrics().chunks;
  out->min_time_ms = head.MinTime();
  out->max_time_ms = head.MaxTime();
  out->samples_appended_total = static_cast<int64_t>(head.metrics().samples_appended_total);
  const tsdb::head::HeadChunkTotals& t = head.chunk_totals();
  out->open_chunk_samples = t.open_samples;
  out->open_chunk_bytes = t.open_bytes;
  out->mmapped_chunks = t.mmapped_chunks;
  out->mmapped_chunk_samples = t.mmapped_samples;
  for (const WatchedSeries& w : fold.watched()) out->watched.push_back(TakeSeries(head, w));
}

}  // namespace

WorldSeries Session::TakeSeries(const std::string& labels_text) const {
  auto labels = LabelsFromText(labels_text);
  const tsdb::db::DB* db = sim_->db();
  if (!labels || db == nullptr) return {.labels = labels_text};
  return ::tsdbsim::TakeSeries(db->head(), {labels_text, std::move(*labels)});
}

World Session::TakeWorld() const {
  World w = fold_->world();
  const Simulation& sim = *sim_;
  w.time_ms = sim.loop().NowMs();
  w.elapsed_ms = w.time_ms - kSimEpochMs;
  w.line = sim.current_line();
  w.seed = sim.seed();
  w.process_up = sim.db() != nullptr;
  w.done = sim.Done();
  w.events = static_cast<int64_t>(trace_->size());
  const fault::SimFilesystem& fs = disk_->sim();
  TakeWal(fs, sim.data_dir() + "/wal", *fold_, &w.wal);
  TakeChunksHead(fs, sim.data_dir() + "/chunks_head", *fold_, &w.chunks_head);
  if (const tsdb::db::DB* db = sim.db()) TakeHead(db->head(), *fold_, &w.head);
  for (const tsdb::block::BlockMeta& m : blocks_seen_) w.blocks.push_back(WorldBlockOf(m));
  if (const RemoteWriteReceiver* r = sim.receiver()) {
    w.fanout.has_secondary = true;
    w.fanout.secondary_pending_samples = static_cast<int64_t>(r->pending_sample_count());
    w.fanout.secondary_delivered_samples = static_cast<int64_t>(r->delivered_sample_count());
  }
  if (last_replay_) {
    const tsdb::head::ReplayStats& stats = *last_replay_;
    w.replay.mmapped_chunks_loaded = stats.mmapped_chunks_loaded;
    w.replay.series = stats.series_loaded;
    w.replay.samples = stats.samples_loaded;
    w.replay.records = stats.records_loaded;
    w.replay.samples_skipped_mmapped = stats.samples_skipped_mmapped;
    w.replay.unknown_series_refs = stats.unknown_series_refs;
    w.replay.last_segment = stats.last_segment;
    w.replay.cpu = replay_cpu_;
  }
  w.faults.armed = sim.FaultsArmed();
  w.faults.fired = sim.FaultsFired();
  w.oracle.acked_samples = sim.oracle().acked_samples();
  w.oracle.durable_samples = sim.oracle().durable_samples();
  w.oracle.violations = sim.oracle().total_violations();
  const OracleCheck& c = sim.oracle().last_check();
  w.oracle.lost_acked = c.lost_acked_samples;
  w.oracle.lost_unsynced = c.lost_unsynced_samples;
  w.oracle.lost_unsynced_entry = c.lost_unsynced_entry_samples;
  w.oracle.lost_to_repair = c.lost_to_repair_samples;
  w.oracle.lost_dependent = c.lost_dependent_samples;
  w.oracle.lost_unlogged_series = c.lost_unlogged_series_samples;
  w.oracle.lost_violation = c.lost_violation_samples;
  w.oracle.phantom = c.phantom_samples;
  w.oracle.duplicate = c.duplicate_samples;
  return w;
}

}  // namespace tsdbsim
