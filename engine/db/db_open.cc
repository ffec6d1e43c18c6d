// DB::Open and Close: startup and shutdown in 2.42's order.
#include <algorithm>

#include "engine/block/ulid.h"
#include "engine/compact/planner.h"
#include "engine/db/db.h"
#include "engine/chunks/memory_chunk_mapper.h"

namespace tsdb::db {

namespace {

bool IsTmpLeftover(const std::string& name) {
  static constexpr std::string_view kExts[] = {".tmp-for-creation", ".tmp-for-deletion", ".tmp"};
  for (std::string_view ext : kExts) {
    if (name.size() <= ext.size() || name.compare(name.size() - ext.size(), ext.size(), ext) != 0) continue;
    const std::string base = name.substr(0, name.size() - ext.size());
    return block::Ulid::IsValid(base) || base.rfind("checkpoint.", 0) == 0;
  }
  return false;
}

}  // namespace

Result<std::vector<std::string>> RemoveTmpDirs(Filesystem& fs, const std::string& dir) {
  std::vector<std::string> removed;
  for (const std::string& d : {dir, JoinPath(dir, "wal")}) {
    auto entries = fs.List(d);
    if (!entries.ok()) continue;  // no wal/ yet
    for (const auto& e : *entries) {
      if (!e.is_dir || !IsTmpLeftover(e.name)) continue;
      TSDB_RETURN_IF_ERROR(fs.RemoveAll(JoinPath(d, e.name)));
      removed.push_back(JoinPath(d, e.name));
    }
  }
  return removed;
}

DB::DB(Filesystem* fs, std::string dir, DbOptions options, const Clock* clock, RandomSource* random,
       EventSink* sink, Executor* executor)
    : fs_(fs),
      dir_(std::move(dir)),
      options_(options),
      clock_(clock),
      random_(random),
      sink_(sink != nullptr ? sink : NullEventSink::Instance()),
      executor_(executor) {}

DB::~DB() = default;

Result<std::unique_ptr<DB>> DB::Open(Filesystem* fs, std::string dir, DbOptions options,
                                     const Clock* clock, RandomSource* random, EventSink* sink,
                                     Executor* executor, OpenReport* report) {
  TSDB_ASSERT(fs != nullptr && clock != nullptr && random != nullptr && report != nullptr);
  *report = OpenReport{};
  TSDB_RETURN_IF_ERROR(fs->MkdirAll(dir));
  TSDB_ASSIGN_OR_RETURN(report->removed_tmp_dirs, RemoveTmpDirs(*fs, dir));
  std::unique_ptr<DB> db(new DB(fs, dir, options, clock, random, sink, executor));

  auto wal = wlog::Wal::Open(fs, JoinPath(dir, "wal"), options.wal, db->sink_);
  if (!wal.ok()) return wal.status().Wrap("open WAL");
  db->wal_ = std::move(wal).value();
  if (options.mmap_head_chunks) {
    auto cdm = chunks::ChunkDiskMapper::Open(fs, JoinPath(dir, "chunks_head"), options.chunks, db->sink_);
    if (!cdm.ok()) return cdm.status().Wrap("open chunk disk mapper");
    db->cdm_ = std::move(cdm).value();
  } else {
    db->cdm_ = std::make_unique<chunks::MemoryChunkMapper>(options.chunks.max_file_size_bytes);
  }
  db->head_ = std::make_unique<head::Head>(options.head, db->wal_.get(), db->cdm_.get(), clock, db->sink_);
  const int64_t max_block_ms = options.max_block_duration_ms > 0
                                   ? options.max_block_duration_ms
                                   : compact::DefaultMaxBlockDurationMs(options.retention.retention_ms);
  db->block_ranges_ = compact::BlockRanges(options.head.chunk_range_ms, max_block_ms);

  TSDB_RETURN_IF_ERROR(db->ReloadBlocks());
  int64_t min_valid_time = std::numeric_limits<int64_t>::min();
  if (!db->blocks_.empty()) {
    for (const auto& b : db->blocks_) min_valid_time = std::max(min_valid_time, b.max_time);
    // Sets the head's bounds only: the WAL is not read yet.
    TSDB_RETURN_IF_ERROR(db->head_->TruncateMemory(min_valid_time));
  }
  report->min_valid_time = min_valid_time;
  db->head_->set_chunk_dir_root(dir);  // where chunk snapshots live
  TSDB_RETURN_IF_ERROR(db->head_->Init(min_valid_time, &report->replay, &report->corruption));
  if (report->corruption.has_value()) {
    // 2.42 logs where the replay stopped, then repairs and carries on with
    // what was loaded before the corruption.
    const wlog::CorruptionError& c = *report->corruption;
    db->sink_->OnEvent({.type = EventType::kWalCorruption, .segment = c.segment, .offset = c.offset, .detail = c.reason});
    db->head_->CountWalCorruption();
    wlog::RepairReport repair;
    const Status s = db->wal_->Repair(*report->corruption, &repair);
    if (!s.ok()) return s.Wrap("repair corrupted WAL");
    report->repair = repair;
  }
  return db;
}

Status DB::Close() {
  if (closed_) return Status(StatusCode::kClosed, "db already closed");
  closed_ = true;
  Status first;
  if (Status s = cdm_->Close(); !s.ok()) first = s;
  // 2.42's Head.Close takes the memory snapshot before closing the WAL and,
  // if all went well, again after (#12678): the second has the padded offset.
  const bool snapshot = options_.head.memory_snapshot_on_shutdown;
  if (first.ok() && snapshot) first = head_->TakeChunkSnapshot().status();
  if (Status s = wal_->Close(); !s.ok() && first.ok()) first = s;
  if (first.ok() && snapshot) first = head_->TakeChunkSnapshot().status();
  return first;
}

}  // namespace tsdb::db
