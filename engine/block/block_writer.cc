#include "engine/block/block_writer.h"

#include <algorithm>

#include "engine/block/block_format.h"
#include "engine/block/tombstones_file.h"
#include "engine/chunkenc/chunk.h"

namespace tsdb::block {

Result<std::unique_ptr<BlockWriter>> BlockWriter::Open(Filesystem& fs, std::string data_dir,
                                                       const Ulid& ulid, int64_t min_time,
                                                       int64_t max_time,
                                                       std::span<const std::string_view> symbols,
                                                       BlockWriterOptions options) {
  BlockMeta meta;
  meta.ulid = ulid;
  meta.min_time = min_time;
  meta.max_time = max_time;
  if (options.compaction.has_value()) {
    meta.compaction = std::move(*options.compaction);
  } else {
    meta.compaction.level = 1;
    meta.compaction.sources = {ulid};
  }
  const std::string tmp =
      JoinPath(data_dir, ulid.ToString() + std::string(kTmpForCreationSuffix));
  TSDB_RETURN_IF_ERROR(fs.RemoveAll(tmp));
  TSDB_RETURN_IF_ERROR(fs.MkdirAll(tmp));
  std::unique_ptr<BlockWriter> w(new BlockWriter(fs, std::move(data_dir), tmp, std::move(meta)));

  TSDB_ASSIGN_OR_RETURN(w->chunkw_,
                        chunks::BlockChunkWriter::Open(fs, JoinPath(tmp, std::string(kChunksDirname)),
                                                       options.max_chunk_segment_size));
  TSDB_ASSIGN_OR_RETURN(w->indexw_,
                        index::IndexWriter::Create(fs, JoinPath(tmp, std::string(kIndexFilename))));
  TSDB_RETURN_IF_ERROR(fs.SyncDir(tmp));
  for (const std::string_view s : symbols) {
    TSDB_RETURN_IF_ERROR(w->indexw_->AddSymbol(s).Wrap("add symbol"));
  }
  return w;
}

BlockWriter::~BlockWriter() {
  if (finished_) return;
  // Close the files before removing what they were writing.
  chunkw_.reset();
  indexw_.reset();
  (void)fs_.RemoveAll(tmp_dir_);
}

Status BlockWriter::AddSeries(const Labels& labels, std::span<const ChunkData> chunks) {
  if (finished_) return Status(StatusCode::kClosed, "block writer finished");
  if (chunks.empty()) return Status::Ok();

  chunk_buf_.clear();
  uint64_t samples = 0;
  for (const ChunkData& c : chunks) {
    if (c.data.size() < chunkenc::kChunkHeaderSizeBytes) {
      return Status::InvalidArgument("chunk of " + labels.ToString() +
                                     " is shorter than its sample count");
    }
    samples += GetBE16(c.data.data());
    chunk_buf_.push_back({.encoding = c.encoding, .data = c.data});
  }
  TSDB_RETURN_IF_ERROR(chunkw_->WriteChunks(chunk_buf_).Wrap("write chunks"));

  meta_buf_.clear();
  for (size_t i = 0; i < chunks.size(); i++) {
    meta_buf_.push_back({chunk_buf_[i].ref, chunks[i].min_time, chunks[i].max_time});
  }
  TSDB_RETURN_IF_ERROR(indexw_->AddSeries(next_ref_, labels, meta_buf_).Wrap("add series"));
  next_ref_++;

  meta_.stats.num_chunks += chunks.size();
  meta_.stats.num_series++;
  meta_.stats.num_samples += samples;
  return Status::Ok();
}

Status BlockWriter::MoveIntoPlace(const std::string& dir) {
  // fileutil.Replace: clear a directory in the way, rename, persist the rename.
  if (Result<FileInfo> info = fs_.Stat(dir); info.ok() && info->is_dir) {
    TSDB_RETURN_IF_ERROR(fs_.RemoveAll(dir));
  }
  TSDB_RETURN_IF_ERROR(fs_.Rename(tmp_dir_, dir));
  return fs_.SyncDir(data_dir_);
}

Result<BlockWriteResult> BlockWriter::Finish() {
  if (finished_) return Status(StatusCode::kClosed, "block writer finished");
  // 2.42 closes the chunk writer, then the index writer.
  Status s = chunkw_->Close();
  const Status si = indexw_->Close();
  if (s.ok()) s = si;
  chunkw_.reset();
  indexw_.reset();
  TSDB_RETURN_IF_ERROR(s);

  BlockWriteResult result;
  result.meta = meta_;
  if (meta_.stats.num_samples == 0) {
    TSDB_RETURN_IF_ERROR(fs_.RemoveAll(tmp_dir_));
    finished_ = true;
    result.outcome = BlockWriteOutcome::kEmpty;
    return result;
  }
  TSDB_RETURN_IF_ERROR(WriteMetaFile(fs_, tmp_dir_, &result.meta).status().Wrap("write merged meta"));
  TSDB_RETURN_IF_ERROR(tombstones::WriteTombstonesFile(fs_, tmp_dir_, tombstones::MemTombstones())
                           .status()
                           .Wrap("write new tombstones file"));
  TSDB_RETURN_IF_ERROR(fs_.SyncDir(tmp_dir_));
  const std::string dir = JoinPath(data_dir_, meta_.ulid.ToString());
  TSDB_RETURN_IF_ERROR(MoveIntoPlace(dir).Wrap("rename block dir"));
  finished_ = true;
  result.outcome = BlockWriteOutcome::kWritten;
  result.dir = dir;
  return result;
}

Result<BlockWriteResult> WriteBlock(Filesystem& fs, const std::string& data_dir, const Ulid& ulid,
                                    int64_t min_time, int64_t max_time,
                                    std::span<const SeriesData> series,
                                    const BlockWriterOptions& options) {
  // No samples, no block: decide before touching the disk.
  uint64_t samples = 0;
  std::vector<std::string_view> symbols = {""};
  for (const SeriesData& s : series) {
    for (const ChunkData& c : s.chunks) {
      if (c.data.size() >= chunkenc::kChunkHeaderSizeBytes) samples += GetBE16(c.data.data());
    }
    for (const Label& l : s.labels) {
      symbols.push_back(l.name);
      symbols.push_back(l.value);
    }
  }
  if (samples == 0) {
    BlockWriteResult empty;
    empty.meta.ulid = ulid;
    empty.meta.min_time = min_time;
    empty.meta.max_time = max_time;
    return empty;
  }
  std::sort(symbols.begin(), symbols.end());
  symbols.erase(std::unique(symbols.begin(), symbols.end()), symbols.end());

  TSDB_ASSIGN_OR_RETURN(auto w, BlockWriter::Open(fs, data_dir, ulid, min_time, max_time, symbols,
                                                  options));
  for (const SeriesData& s : series) TSDB_RETURN_IF_ERROR(w->AddSeries(s.labels, s.chunks));
  return w->Finish();
}

}  // namespace tsdb::block
