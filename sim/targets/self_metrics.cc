#include "sim/targets/self_metrics.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/targets/exposition_writer.h"

namespace tsdbsim {
namespace {

struct Sample {
  std::string_view type_label;  // value of `type`, or empty for no labels
  double value;
};

struct Family {
  std::string_view name;
  std::string_view type;
  std::string_view help;
  std::vector<Sample> samples;
  bool summary_fsync = false;  // the one summary: rendered specially
};

double F(uint64_t v) { return static_cast<double>(v); }
double F(int64_t v) { return static_cast<double>(v); }

}  // namespace

SelfMetrics SelfMetricsOf(const tsdb::db::DB& db) {
  SelfMetrics m;
  m.head = db.head().metrics();
  m.db = db.metrics();
  if (const tsdb::wlog::Wal* wal = db.wal()) m.wal = wal->metrics();
  m.head_series = db.head().NumSeries();
  m.head_min_time_ms = db.head().MinTime();
  m.head_max_time_ms = db.head().MaxTime();
  m.blocks_loaded = db.blocks().size();
  m.retention_limit_bytes = db.options().retention.max_bytes;
  for (const auto& b : db.blocks()) {
    if (!m.oldest_block_min_time_ms || b.min_time < *m.oldest_block_min_time_ms) {
      m.oldest_block_min_time_ms = b.min_time;
    }
  }
  return m;
}

std::string RenderSelfMetrics(const SelfMetrics& m) {
  const tsdb::head::HeadMetrics& h = m.head;
  const int64_t lowest_ms = m.oldest_block_min_time_ms.value_or(m.head_min_time_ms);
  // HELP texts are 2.42's, word for word (including their missing periods).
  std::vector<Family> fams = {
      {"prometheus_tsdb_blocks_loaded", "gauge", "Number of currently loaded data blocks",
       {{"", F(m.blocks_loaded)}}},
      {"prometheus_tsdb_checkpoint_creations_failed_total", "counter",
       "Total number of checkpoint creations that failed.", {{"", F(h.checkpoint_creations_failed_total)}}},
      {"prometheus_tsdb_checkpoint_creations_total", "counter",
       "Total number of checkpoint creations attempted.", {{"", F(h.checkpoint_creations_total)}}},
      {"prometheus_tsdb_checkpoint_deletions_failed_total", "counter",
       "Total number of checkpoint deletions that failed.", {{"", F(h.checkpoint_deletions_failed_total)}}},
      {"prometheus_tsdb_checkpoint_deletions_total", "counter",
       "Total number of checkpoint deletions attempted.", {{"", F(h.checkpoint_deletions_total)}}},
      {"prometheus_tsdb_compactions_failed_total", "counter",
       "Total number of compactions that failed for the partition.", {{"", F(m.db.compactions_failed_total)}}},
      {"prometheus_tsdb_compactions_total", "counter",
       "Total number of compactions that were executed for the partition.", {{"", F(m.db.compactions_total)}}},
      {"prometheus_tsdb_compactions_triggered_total", "counter",
       "Total number of triggered compactions for the partition.", {{"", F(m.db.compactions_triggered_total)}}},
      {"prometheus_tsdb_head_active_appenders", "gauge", "Number of currently active appender transactions",
       {{"", F(h.active_appenders)}}},
      {"prometheus_tsdb_head_chunks", "gauge", "Total number of chunks in the head block.", {{"", F(h.chunks)}}},
      {"prometheus_tsdb_head_chunks_created_total", "counter", "Total number of chunks created in the head",
       {{"", F(h.chunks_created_total)}}},
      {"prometheus_tsdb_head_chunks_removed_total", "counter", "Total number of chunks removed in the head",
       {{"", F(h.chunks_removed_total)}}},
      {"prometheus_tsdb_head_max_time", "gauge",
       "Maximum timestamp of the head block. The unit is decided by the library consumer.",
       {{"", F(m.head_max_time_ms)}}},
      // cmd/prometheus divides the millisecond times as integers first.
      {"prometheus_tsdb_head_max_time_seconds", "gauge", "Maximum timestamp of the head block.",
       {{"", F(m.head_max_time_ms / 1000)}}},
      {"prometheus_tsdb_head_min_time", "gauge",
       "Minimum time bound of the head block. The unit is decided by the library consumer.",
       {{"", F(m.head_min_time_ms)}}},
      {"prometheus_tsdb_head_min_time_seconds", "gauge", "Minimum time bound of the head block.",
       {{"", F(m.head_min_time_ms / 1000)}}},
      {"prometheus_tsdb_head_samples_appended_total", "counter", "Total number of appended samples.",
       {{"float", F(h.samples_appended_total)}, {"histogram", 0}}},
      {"prometheus_tsdb_head_series", "gauge", "Total number of series in the head block.",
       {{"", F(m.head_series)}}},
      {"prometheus_tsdb_head_series_created_total", "counter", "Total number of series created in the head",
       {{"", F(h.series_created_total)}}},
      {"prometheus_tsdb_head_series_not_found_total", "counter",
       "Total number of requests for series that were not found.", {{"", F(h.series_not_found_total)}}},
      {"prometheus_tsdb_head_series_removed_total", "counter", "Total number of series removed in the head",
       {{"", F(h.series_removed_total)}}},
      {"prometheus_tsdb_head_truncations_failed_total", "counter",
       "Total number of head truncations that failed.", {{"", F(h.truncations_failed_total)}}},
      {"prometheus_tsdb_head_truncations_total", "counter", "Total number of head truncations attempted.",
       {{"", F(h.truncations_total)}}},
      {"prometheus_tsdb_lowest_timestamp", "gauge",
       "Lowest timestamp value stored in the database. The unit is decided by the library consumer.",
       {{"", F(lowest_ms)}}},
      {"prometheus_tsdb_lowest_timestamp_seconds", "gauge", "Lowest timestamp value stored in the database.",
       {{"", F(lowest_ms / 1000)}}},
      {"prometheus_tsdb_mmap_chunk_corruptions_total", "counter",
       "Total number of memory-mapped chunk corruptions.", {{"", F(h.mmap_chunk_corruptions_total)}}},
      {"prometheus_tsdb_out_of_bound_samples_total", "counter",
       "Total number of out of bound samples ingestion failed attempts with out of order support disabled.",
       {{"float", F(h.out_of_bound_samples_total)}}},
      {"prometheus_tsdb_out_of_order_samples_total", "counter",
       "Total number of out of order samples ingestion failed attempts due to out of order being disabled.",
       {{"float", F(h.out_of_order_samples_total)}, {"histogram", 0}}},
      {"prometheus_tsdb_reloads_total", "counter", "Number of times the database reloaded block data from disk.",
       {{"", F(m.db.reloads_total)}}},
      {"prometheus_tsdb_retention_limit_bytes", "gauge",
       "Max number of bytes to be retained in the tsdb blocks, configured 0 means disabled",
       {{"", F(m.retention_limit_bytes)}}},
      {"prometheus_tsdb_size_retentions_total", "counter",
       "The number of times that blocks were deleted because the maximum number of bytes was exceeded.",
       {{"", F(m.db.size_retentions_total)}}},
      {"prometheus_tsdb_storage_blocks_bytes", "gauge",
       "The number of bytes that are currently used for local storage by all blocks.",
       {{"", F(m.db.blocks_bytes)}}},
      {"prometheus_tsdb_time_retentions_total", "counter",
       "The number of times that blocks were deleted because the maximum time limit was exceeded.",
       {{"", F(m.db.time_retentions_total)}}},
      // Only counted with an out-of-order window, which the engine does not have.
      {"prometheus_tsdb_too_old_samples_total", "counter",
       "Total number of out of order samples ingestion failed attempts with out of support enabled, but "
       "sample outside of time window.",
       {{"float", 0}}},
      {"prometheus_tsdb_wal_corruptions_total", "counter", "Total number of WAL corruptions.",
       {{"", F(h.wal_corruptions_total)}}},
  };
  if (m.wal) {
    const tsdb::wlog::WalMetrics& w = *m.wal;
    fams.push_back({"prometheus_tsdb_wal_completed_pages_total", "counter", "Total number of completed pages.",
                    {{"", F(w.completed_pages_total)}}});
    fams.push_back({"prometheus_tsdb_wal_fsync_duration_seconds", "summary", "Duration of write log fsync.",
                    {{"", F(w.fsyncs_total)}}, true});
    fams.push_back({"prometheus_tsdb_wal_page_flushes_total", "counter", "Total number of page flushes.",
                    {{"", F(w.page_flushes_total)}}});
    fams.push_back({"prometheus_tsdb_wal_segment_current", "gauge",
                    "Write log segment index that TSDB is currently writing to.",
                    {{"", static_cast<double>(w.segment_current)}}});
    fams.push_back({"prometheus_tsdb_wal_truncations_failed_total", "counter",
                    "Total number of write log truncations that failed.", {{"", F(w.truncations_failed_total)}}});
    fams.push_back({"prometheus_tsdb_wal_truncations_total", "counter",
                    "Total number of write log truncations attempted.", {{"", F(w.truncations_total)}}});
    fams.push_back({"prometheus_tsdb_wal_writes_failed_total", "counter",
                    "Total number of write log writes that failed.", {{"", F(w.writes_failed_total)}}});
  }
  std::sort(fams.begin(), fams.end(), [](const Family& a, const Family& b) { return a.name < b.name; });

  std::string out;
  ExpositionWriter w(&out, FloatStyle::kGo);
  for (const Family& f : fams) {
    w.Help(f.name, f.help);
    w.Type(f.name, f.type);
    if (f.summary_fsync) {
      // An fsync takes no virtual time, so every observation is 0 s. The
      // quantiles are NaN until there is one, as in Go's summary.
      const double count = f.samples[0].value;
      const double q = count == 0 ? std::numeric_limits<double>::quiet_NaN() : 0.0;
      const std::string name(f.name);
      for (std::string_view qv : {"0.5", "0.9", "0.99"}) {
        const tsdb::Label l{"quantile", qv};
        w.Sample(name, std::span<const tsdb::Label>(&l, 1), q);
      }
      w.SampleRaw(name + "_sum", "", 0);
      w.SampleRaw(name + "_count", "", count);
      continue;
    }
    for (const Sample& s : f.samples) {
      if (s.type_label.empty()) {
        w.SampleRaw(f.name, "", s.value);
      } else {
        const tsdb::Label l{"type", s.type_label};
        w.Sample(f.name, std::span<const tsdb::Label>(&l, 1), s.value);
      }
    }
  }
  w.Finish();
  return out;
}

}  // namespace tsdbsim
