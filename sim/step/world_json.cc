#include "sim/step/world_json.h"

namespace tsdbsim {
namespace {

using nlohmann::json;

json Scrape(const WorldScrape& s) {
  return {{"time_ms", s.time_ms}, {"samples", s.samples},   {"appended", s.appended},
          {"series_added", s.series_added}, {"up", s.up}, {"error", s.error}};
}

json Targets(const std::vector<WorldTarget>& targets) {
  json out = json::array();
  for (const WorldTarget& t : targets) {
    json last = json::array();
    for (const WorldScrape& s : t.last) last.push_back(Scrape(s));
    out.push_back({{"id", t.id},
                   {"labels", t.labels},
                   {"active", t.active},
                   {"scrapes_total", t.scrapes_total},
                   {"failed_total", t.failed_total},
                   {"last_scrapes", std::move(last)}});
  }
  return out;
}

json Wal(const WorldWal& w) {
  json segments = json::array();
  for (const WorldWalSegment& s : w.segments) {
    segments.push_back({{"number", s.number},
                        {"bytes_written", s.bytes_written},
                        {"bytes_fsynced", s.bytes_fsynced},
                        {"pages_flushed", s.pages_flushed},
                        {"records", s.records},
                        {"records_by_type", s.records_by_type}});
  }
  return {{"segments", std::move(segments)},
          {"checkpoint", {{"segment", w.checkpoint_segment},
                          {"size_bytes", w.checkpoint_size_bytes},
                          {"samples", w.checkpoint_samples}}},
          {"checkpoints_created", w.checkpoints_created},
          {"checkpoints_failed", w.checkpoints_failed},
          {"truncations", w.truncations},
          {"segments_deleted", w.segments_deleted}};
}

json Series(const WorldSeries& s) {
  json mmapped = json::array();
  for (const WorldChunk& c : s.mmapped) {
    mmapped.push_back(
        {{"file", c.file}, {"offset", c.offset}, {"mint", c.mint}, {"maxt", c.maxt}, {"samples", c.samples}});
  }
  json open = nullptr;
  if (s.has_open_chunk) {
    open = {{"mint", s.open.mint},
            {"maxt", s.open.maxt},
            {"samples", s.open.samples},
            {"samples_target", s.open.samples_target},
            {"next_at_ms", s.open.next_at_ms},
            {"range_end_ms", s.open.range_end_ms},
            {"bytes", s.open.bytes}};
  }
  return {{"labels", s.labels}, {"in_head", s.in_head}, {"ref", s.ref},
          {"open_chunk", std::move(open)}, {"mmapped_chunks", std::move(mmapped)}};
}

json Head(const WorldHead& h) {
  json watched = json::array();
  for (const WorldSeries& s : h.watched) watched.push_back(Series(s));
  return {{"series", h.series},
          {"chunks", h.chunks},
          {"min_time_ms", h.min_time_ms},
          {"max_time_ms", h.max_time_ms},
          {"samples_appended_total", h.samples_appended_total},
          {"open_chunk_samples", h.open_chunk_samples},
          {"open_chunk_bytes", h.open_chunk_bytes},
          {"mmapped_chunks", h.mmapped_chunks},
          {"mmapped_chunk_samples", h.mmapped_chunk_samples},
          {"chunk_cuts", h.chunk_cuts},
          {"watched", std::move(watched)}};
}

json ChunksHead(const std::vector<WorldChunkFile>& files) {
  json out = json::array();
  for (const WorldChunkFile& f : files) {
    out.push_back({{"number", f.number},
                   {"size_bytes", f.size_bytes},
                   {"bytes_written", f.bytes_written},
                   {"bytes_flushed", f.bytes_flushed},
                   {"bytes_fsynced", f.bytes_fsynced},
                   {"chunks", f.chunks},
                   {"chunks_flushed", f.chunks_flushed}});
  }
  return out;
}

json Blocks(const std::vector<WorldBlock>& blocks) {
  json out = json::array();
  for (const WorldBlock& b : blocks) {
    out.push_back({{"ulid", b.ulid},
                   {"min_time_ms", b.min_time_ms},
                   {"max_time_ms", b.max_time_ms},
                   {"series", b.series},
                   {"samples", b.samples},
                   {"chunks", b.chunks},
                   {"level", b.level},
                   {"sources", b.sources},
                   {"parents", b.parents}});
  }
  return out;
}

json Replay(const WorldReplay& r) {
  return {{"phase", r.phase},
          {"opens", r.opens},
          {"mmapped_chunks_loaded", r.mmapped_chunks_loaded},
          {"checkpoint_segment", r.checkpoint_segment},
          {"first_segment", r.first_segment},
          {"last_segment", r.last_segment},
          {"segments_done", r.segments_done},
          {"current_segment", r.current_segment},
          {"segment_bytes_done", r.segment_bytes_done},
          {"segment_records_done", r.segment_records_done},
          {"mmapped_chunk_files", r.mmapped_chunk_files},
          {"records", r.records},
          {"samples", r.samples},
          {"series", r.series},
          {"samples_skipped_mmapped", r.samples_skipped_mmapped},
          {"unknown_series_refs", r.unknown_series_refs},
          {"snapshot", {{"series", r.snapshot_series}, {"samples", r.snapshot_samples}}},
          {"corruption", {{"file", r.corruption_file}, {"offset", r.corruption_offset}, {"detail", r.corruption_detail}}},
          {"repair", {{"bytes_dropped", r.repair_bytes_dropped}, {"records_kept", r.repair_records_kept}}},
          {"mmap_error", r.mmap_error},
          {"cpu_ns", r.cpu.ns}};
}

}  // namespace

nlohmann::json WorldToJson(const World& w) {
  return {{"time_ms", w.time_ms},
          {"elapsed_ms", w.elapsed_ms},
          {"line", w.line},
          {"seed", w.seed},
          {"done", w.done},
          {"events", w.events},
          {"process", {{"up", w.process_up}}},
          {"scrape", {{"targets", Targets(w.targets)}}},
          {"fanout", {{"commits", w.fanout.commits},
                      {"failed_commits", w.fanout.failed_commits},
                      {"rollbacks", w.fanout.rollbacks},
                      {"last_error", w.fanout.last_error},
                      {"secondary", w.fanout.has_secondary
                                        ? json{{"pending_samples", w.fanout.secondary_pending_samples},
                                               {"delivered_samples", w.fanout.secondary_delivered_samples}}
                                        : json(nullptr)}}},
          {"wal", Wal(w.wal)},
          {"head", Head(w.head)},
          {"chunks_head", ChunksHead(w.chunks_head)},
          {"blocks", Blocks(w.blocks)},
          {"replay", Replay(w.replay)},
          {"faults", {{"armed", w.faults.armed}, {"fired", w.faults.fired}, {"log", w.faults.log}}},
          {"oracle", {{"acked_samples", w.oracle.acked_samples},
                      {"durable_samples", w.oracle.durable_samples},
                      {"checks", w.oracle.checks},
                      {"violations", w.oracle.violations},
                      {"last_check", w.oracle.last_check},
                      {"lost", {{"acked", w.oracle.lost_acked},
                                {"unsynced", w.oracle.lost_unsynced},
                                {"unsynced_entry", w.oracle.lost_unsynced_entry},
                                {"to_repair", w.oracle.lost_to_repair},
                                {"dependent", w.oracle.lost_dependent},
                                {"unlogged_series", w.oracle.lost_unlogged_series},
                                {"violation", w.oracle.lost_violation}}},
                      {"phantom", w.oracle.phantom},
                      {"duplicate", w.oracle.duplicate}}}};
}

}  // namespace tsdbsim
