// Reading a data directory into a DataDirView with the readers `tsdbsim
// list`, `inspect` and `dump` use: block metas, 2.42's chunks_head/ walk and
// the WAL statistics. Only reads; a damaged file becomes a problem line.
#include "sim/step/datadir_view.h"

#include <algorithm>

#include "engine/block/block_list.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"
#include "engine/wlog/segments.h"
#include "engine/wlog/wal_stats.h"
#include "engine/wlog/wlog_format.h"

namespace tsdbsim {
namespace {

void Span(DataDirView* v, int64_t mint, int64_t maxt) {
  v->min_time_ms = std::min(v->min_time_ms.value_or(mint), mint);
  v->max_time_ms = std::max(v->max_time_ms.value_or(maxt), maxt);
}

void ReadBlocks(tsdb::Filesystem& fs, DataDirView* v) {
  auto list = tsdb::block::ListBlocks(fs, v->dir);
  if (!list.ok()) {
    v->problems.push_back("blocks: " + list.status().message());
    return;
  }
  for (const auto& b : list->blocks) {
    v->world.blocks.push_back(WorldBlockOf(b.meta));
    // An empty block (max == min) has no sample to show.
    if (b.meta.max_time > b.meta.min_time) Span(v, b.meta.min_time, b.meta.max_time - 1);
  }
  for (const auto& u : list->unreadable) v->problems.push_back(u.name + ": " + u.status.message());
}

// One chunks_head/ file, walked as 2.42's startup walks it: the chunks up to
// the zero tail, or up to the damage.
void ReadChunkFile(tsdb::Filesystem& fs, const std::string& path, const std::string& name, int n,
                   DataDirView* v) {
  WorldChunkFile f{.number = n};
  auto file = fs.MapReadOnly(path);
  if (!file.ok()) {
    v->problems.push_back("chunks_head/" + name + ": " + file.status().message());
    v->world.chunks_head.push_back(f);
    return;
  }
  const tsdb::ByteView bytes = (*file)->data();
  f.size_bytes = static_cast<int64_t>(bytes.size());
  int64_t data_end = 0;
  const tsdb::Status s = tsdb::chunks::IterateHeadChunkFile(
      bytes, static_cast<uint32_t>(n), [&](const tsdb::chunks::HeadChunkEntry& e) -> tsdb::Status {
        v->chunks.push_back({.file = n,
                             .offset = tsdb::chunks::HeadChunkRefOffset(e.chunk_ref),
                             .series_ref = e.series_ref,
                             .mint = e.mint,
                             .maxt = e.maxt,
                             .samples = e.num_samples});
        Span(v, e.mint, e.maxt);
        f.chunks++;
        data_end = (e.data.data() - bytes.data()) + static_cast<int64_t>(e.data.size()) + tsdb::chunks::kCrcSizeBytes;
        return {};
      });
  if (!s.ok()) v->problems.push_back("chunks_head/" + name + ": " + s.message());
  if (f.chunks == 0 && tsdb::chunks::ValidateHeadChunkFileHeader(bytes, static_cast<uint32_t>(n)).ok()) {
    data_end = tsdb::chunks::kHeadChunksHeaderSizeBytes;
  }
  // As a simulated run's world counts them: what was written, not the
  // preallocated zeros after it (size_bytes has those). A file on disk was
  // flushed and, as far as anyone can tell, fsynced.
  f.bytes_written = f.bytes_flushed = f.bytes_fsynced = data_end;
  f.chunks_flushed = f.chunks;
  v->world.chunks_head.push_back(f);
}

void ReadChunksHead(tsdb::Filesystem& fs, DataDirView* v) {
  const std::string dir = tsdb::JoinPath(v->dir, "chunks_head");
  auto entries = fs.List(dir);
  if (!entries.ok()) {
    // No chunks_head/ yet is no problem: Prometheus makes it at the first cut.
    if (entries.status().code() != tsdb::StatusCode::kNotFound) {
      v->problems.push_back("chunks_head: " + entries.status().message());
    }
    return;
  }
  for (const auto& e : *entries) {
    const int n = tsdb::wlog::ParseIndex(e.name);  // as 2.42 names them: 000001, ...
    if (n > 0 && !e.is_dir) ReadChunkFile(fs, tsdb::JoinPath(dir, e.name), e.name, n, v);
  }
}

WorldWalSegment SegmentOf(const tsdb::wlog::WalFileStats& f) {
  WorldWalSegment s{.number = f.index, .bytes_written = f.size_bytes, .bytes_fsynced = f.size_bytes};
  s.pages_flushed = (f.size_bytes + tsdb::wlog::kPageSizeBytes - 1) / tsdb::wlog::kPageSizeBytes;
  s.records = f.records();
  // Both are indexed by the record type byte (0: unknown).
  static_assert(kWorldRecordTypes == tsdb::wlog::kRecordTypeSlots);
  std::copy(f.records_by_type.begin(), f.records_by_type.end(), s.records_by_type.begin());
  return s;
}

// The segments by name only, when InspectWal refuses the directory (a gap
// in the numbers, which 2.42 refuses to open too).
void ListSegmentFiles(tsdb::Filesystem& fs, const std::string& wal, DataDirView* v) {
  auto entries = fs.List(wal);
  if (!entries.ok()) return;
  for (const auto& e : *entries) {
    const int n = tsdb::wlog::ParseIndex(e.name);
    auto info = fs.Stat(tsdb::JoinPath(wal, e.name));
    if (n < 0 || e.is_dir || !info.ok()) continue;
    v->world.wal.segments.push_back(
        SegmentOf({.name = e.name, .index = n, .size_bytes = static_cast<int64_t>(info->size_bytes)}));
  }
}

void ReadWal(tsdb::Filesystem& fs, DataDirView* v) {
  const std::string wal = tsdb::JoinPath(v->dir, "wal");
  if (auto info = fs.Stat(wal); !info.ok() || !info->is_dir) return;  // no WAL yet
  auto stats = tsdb::wlog::InspectWal(fs, wal);
  if (!stats.ok()) {
    v->problems.push_back("wal: " + stats.status().message());
    ListSegmentFiles(fs, wal, v);
    return;
  }
  for (const auto& f : stats->files) {
    if (f.corruption) v->problems.push_back("wal/" + f.name + ": " + f.corruption->ToString());
    if (f.samples > 0) Span(v, f.min_time_ms, f.max_time_ms);
    if (!f.is_checkpoint) {
      v->world.wal.segments.push_back(SegmentOf(f));
    } else if (f.replayed) {  // the newest checkpoint; older ones wait for deletion
      v->world.wal.checkpoint_segment = f.index;
      v->world.wal.checkpoint_size_bytes = f.size_bytes;
      v->world.wal.checkpoint_samples = f.samples;
    }
  }
}

}  // namespace

WorldBlock WorldBlockOf(const tsdb::block::BlockMeta& m) {
  WorldBlock b{.ulid = m.ulid.ToString(),
               .min_time_ms = m.min_time,
               .max_time_ms = m.max_time,
               .series = static_cast<int64_t>(m.stats.num_series),
               .samples = static_cast<int64_t>(m.stats.num_samples),
               .chunks = static_cast<int64_t>(m.stats.num_chunks),
               .level = m.compaction.level};
  for (const auto& u : m.compaction.sources) b.sources.push_back(u.ToString());
  for (const auto& p : m.compaction.parents) b.parents.push_back(p.ulid.ToString());
  return b;
}

tsdb::Result<DataDirView> ReadDataDirView(tsdb::Filesystem& fs, const std::string& dir) {
  auto info = fs.Stat(dir);
  if (!info.ok()) return info.status();
  if (!info->is_dir) return tsdb::Status::InvalidArgument(dir + ": not a directory");
  DataDirView v;
  v.dir = dir;
  ReadBlocks(fs, &v);
  ReadChunksHead(fs, &v);
  ReadWal(fs, &v);
  v.world.process_up = false;
  v.world.time_ms = v.max_time_ms.value_or(0);
  return v;
}

}  // namespace tsdbsim
