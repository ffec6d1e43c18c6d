#include "engine/db/read_only_db.h"

#include <algorithm>
#include <map>

#include "engine/base/event_sink.h"
#include "engine/block/block_list.h"

namespace tsdb::db {

namespace {

// Drops failures whose block a loadable block lists as a compaction parent:
// its data lives on in the child (2.42's DBReadOnly.Blocks).
Status CheckCorrupted(const BlockReaders& loaded, std::map<std::string, Status> corrupted,
                      std::vector<std::string>* superseded) {
  for (const auto& b : loaded) {
    for (const block::BlockDesc& p : b->meta().compaction.parents) {
      auto it = corrupted.find(p.ulid.ToString());
      if (it == corrupted.end()) continue;
      if (superseded != nullptr) superseded->push_back(it->first);
      corrupted.erase(it);
    }
  }
  if (corrupted.empty()) return {};
  // Go joins a multi-error with "; "; we list blocks in name order.
  std::string msg;
  StatusCode code = corrupted.begin()->second.code();
  for (const auto& [name, st] : corrupted) {
    if (!msg.empty()) msg += "; ";
    msg += "corrupted block " + name + ": " + st.message();
  }
  return Status(code, msg);
}

}  // namespace

Status CheckDataDir(Filesystem& fs, const std::string& dir) {
  auto info = fs.Stat(dir);
  if (!info.ok()) return info.status().Wrap("opening the db dir");
  if (!info->is_dir) return Status::InvalidArgument("opening the db dir: " + dir + " is not a directory");
  return {};
}

Result<BlockReaders> OpenBlocksReadOnly(Filesystem& fs, const std::string& dir,
                                        std::vector<std::string>* superseded) {
  auto listed = block::ListBlocks(fs, dir);
  if (!listed.ok()) return listed.status().Wrap("find blocks");
  if (!listed->unreadable.empty()) {
    const block::UnreadableBlock& u = listed->unreadable.front();
    return u.status.Wrap("read meta.json of block " + u.name);
  }
  BlockReaders readers;
  std::map<std::string, Status> corrupted;
  for (const block::ListedBlock& lb : listed->blocks) {
    auto r = block::BlockReader::Open(fs, lb.dir);
    if (!r.ok()) {
      corrupted.emplace(lb.name, r.status());
      continue;
    }
    readers.push_back(std::move(r).value());
  }
  TSDB_RETURN_IF_ERROR(CheckCorrupted(readers, std::move(corrupted), superseded));
  return readers;
}

Result<std::unique_ptr<ReadOnlyDB>> ReadOnlyDB::Open(Filesystem& fs, const std::string& dir,
                                                     const Clock* clock, ReadOnlyOpenReport* report,
                                                     ReadOnlyOptions options) {
  TSDB_ASSERT(report != nullptr);
  *report = ReadOnlyOpenReport{};
  TSDB_RETURN_IF_ERROR(CheckDataDir(fs, dir));
  std::unique_ptr<ReadOnlyDB> db(new ReadOnlyDB());
  db->dir_ = dir;
  TSDB_ASSIGN_OR_RETURN(db->blocks_, OpenBlocksReadOnly(fs, dir, &report->superseded_corrupt_blocks));

  auto cdm = chunks::ReadOnlyChunkDiskMapper::Open(fs, JoinPath(dir, "chunks_head"));
  if (!cdm.ok()) return cdm.status().Wrap("open chunk disk mapper");
  db->cdm_ = std::move(cdm).value();
  db->head_ = std::make_unique<head::Head>(head::HeadOptions{}, &fs, JoinPath(dir, "wal"), db->cdm_.get(),
                                           clock != nullptr ? clock : &db->no_clock_,
                                           NullEventSink::Instance());
  // 2.42 takes the last block in minTime order, not the largest maxTime.
  if (!db->blocks_.empty()) report->min_valid_time = db->blocks_.back()->meta().max_time;
  std::optional<wlog::CorruptionError> corruption;
  const Status s = db->head_->Init(report->min_valid_time, &report->replay, &corruption);
  if (!s.ok()) return s.Wrap("read WAL");
  if (corruption.has_value()) {
    if (!options.continue_on_wal_corruption) return Status::Corruption("read WAL: " + corruption->ToString());
    report->corruption = std::move(corruption);
  }
  return db;
}

Querier ReadOnlyDB::NewQuerier(int64_t mint, int64_t maxt) const {
  QuerySources src;
  for (const auto& b : blocks_) src.blocks.push_back(b.get());
  const bool wal_read = blocks_.empty() || blocks_.back()->meta().max_time <= maxt;
  if (wal_read) src.head = head_.get();
  return Querier(std::move(src), mint, maxt);
}

}  // namespace tsdb::db
