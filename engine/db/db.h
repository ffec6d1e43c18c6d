// DB: a Prometheus 2.42 data directory, open for writing (tsdb.DB): the
// WAL, chunks_head/, the head, the blocks, and the compaction that turns the
// oldest chunk range of the head into a block and checkpoints the WAL.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/event_sink.h"
#include "engine/base/executor.h"
#include "engine/storage/appender.h"
#include "engine/base/filesystem.h"
#include "engine/base/random_source.h"
#include "engine/block/meta.h"
#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/compact/retention.h"
#include "engine/head/head.h"
#include "engine/head/head_append.h"
#include "engine/wlog/wal.h"

namespace tsdb::db {

struct DbOptions {
  head::HeadOptions head;
  wlog::WalOptions wal;
  chunks::ChunkDiskMapperOptions chunks;
  // --storage.tsdb.max-block-chunk-segment-size: block chunk files are
  // preallocated to it (cheap on ext4, slow on tmpfs: tests use less).
  uint64_t block_chunk_segment_size_bytes = 512ull * 1024 * 1024;
  bool compaction_enabled = true;  // promtool's bench turns it off
  // false: full head chunks stay in memory (MemoryChunkMapper) instead of
  // chunks_head/, as before Prometheus 2.19; a restart replays the whole WAL.
  bool mmap_head_chunks = true;
  // --storage.tsdb.retention.time and .size (0 disables either).
  compact::RetentionOptions retention;
  // --storage.tsdb.max-block-duration; 0 = 2.42's default, a tenth of the
  // time retention but at most 31 d. Leveled compaction merges blocks up to
  // the largest of 2h·3^k that fits.
  int64_t max_block_duration_ms = 0;
};

// prometheus_tsdb_* compaction counters (PROMETHEUS.md §13).
struct DbMetrics {
  uint64_t compactions_triggered_total = 0;
  uint64_t compactions_total = 0;         // blocks written, from the head or from blocks
  uint64_t compactions_failed_total = 0;
  uint64_t reloads_total = 0;
  uint64_t time_retentions_total = 0;  // reloads that deleted blocks for their age
  uint64_t size_retentions_total = 0;  // ... for the bytes they took
  uint64_t blocks_deleted_total = 0;   // tsdbsim's: every block removed, for any reason
  int64_t blocks_bytes = 0;            // prometheus_tsdb_storage_blocks_bytes
};

// What Open found and did, for `tsdbsim replay`/`repair` and the GUI.
struct OpenReport {
  head::ReplayStats replay;
  std::optional<wlog::CorruptionError> corruption;  // what replay stopped at
  std::optional<wlog::RepairReport> repair;         // what repair dropped
  std::vector<std::string> removed_tmp_dirs;
  int64_t min_valid_time = 0;
};

class DB;

// 2.42's dbAppender: the head appender, plus the compaction check after Commit.
class DbAppender final : public storage::Appender {
 public:
  DbAppender(DB* db, std::unique_ptr<head::HeadAppender> app) : db_(db), app_(std::move(app)) {}
  Result<storage::SeriesRef> Append(storage::SeriesRef ref, const Labels& lset, int64_t t, double v) override {
    return app_->Append(ref, lset, t, v);
  }
  Status Commit() override;
  Status Rollback() override { return app_->Rollback(); }

 private:
  DB* db_;
  std::unique_ptr<head::HeadAppender> app_;
};

class DB final : public storage::Appendable {
 public:
  // Opens (creating) dir in 2.42's order (PROMETHEUS.md §8): remove
  // temporary directories, open the WAL (a new segment), open chunks_head/,
  // load the blocks, replay into the head, repair the WAL if replay hit
  // corruption. executor may be null: compaction then runs inline.
  static Result<std::unique_ptr<DB>> Open(Filesystem* fs, std::string dir, DbOptions options,
                                          const Clock* clock, RandomSource* random,
                                          EventSink* sink, Executor* executor,
                                          OpenReport* report);
  ~DB() override;

  std::unique_ptr<storage::Appender> Appender() override;

  // Writes blocks while the head is compactable, truncates the head, then
  // checkpoints and truncates the WAL (2.42's DB.Compact).
  Status Compact();

  // Leveled compaction (2.42's compactBlocks): while the planner finds a
  // group, compacts it into one block and reloads, which deletes the parents.
  Status CompactBlocks();

  // Reads the block directories, deletes what replaced, deletable-marked and
  // retention-expired blocks there are, and keeps the rest (2.42's reloadBlocks).
  Status ReloadBlocks();

  // The compactor's block ranges (2h, 6h, 18h for 2h chunks and 15 d retention).
  const std::vector<int64_t>& block_ranges() const { return block_ranges_; }
  // prometheus_tsdb_lowest_timestamp: the oldest block's minTime, else the head's.
  int64_t LowestTimestampMs() const;

  // Flushes and fsyncs chunks_head/, pads and fsyncs the WAL.
  Status Close();

  head::Head& head() { return *head_; }
  const head::Head& head() const { return *head_; }
  const std::vector<block::BlockMeta>& blocks() const { return blocks_; }
  const DbMetrics& metrics() const { return metrics_; }
  const DbOptions& options() const { return options_; }
  const std::string& dir() const { return dir_; }
  Filesystem& filesystem() const { return *fs_; }
  wlog::Wal* wal() const { return wal_.get(); }

 private:
  friend class DbAppender;
  DB(Filesystem* fs, std::string dir, DbOptions options, const Clock* clock, RandomSource* random,
     EventSink* sink, Executor* executor);

  // Writes [mint, maxt) of the head as a block; an empty range writes none.
  Status CompactHead(int64_t mint, int64_t maxt);
  void OnCommit();
  Status CompactBlockGroup(const std::vector<block::BlockMeta>& group);
  Status DeleteBlocks(const std::vector<std::pair<block::BlockMeta, std::string_view>>& doomed);

  Filesystem* fs_;
  std::string dir_;
  DbOptions options_;
  const Clock* clock_;
  RandomSource* random_;
  EventSink* sink_;
  Executor* executor_;
  DbMetrics metrics_;
  std::unique_ptr<wlog::Wal> wal_;
  std::unique_ptr<chunks::ChunkDiskMapper> cdm_;
  std::unique_ptr<head::Head> head_;
  std::vector<block::BlockMeta> blocks_;
  std::vector<int64_t> block_ranges_;
  bool compaction_pending_ = false;
  bool closed_ = false;
};

// Removes leftovers of interrupted block writes, deletions and checkpoints
// (names ending .tmp-for-creation, .tmp-for-deletion or .tmp whose base is a
// ULID or starts with "checkpoint.") from dir and dir/wal.
Result<std::vector<std::string>> RemoveTmpDirs(Filesystem& fs, const std::string& dir);

}  // namespace tsdb::db
