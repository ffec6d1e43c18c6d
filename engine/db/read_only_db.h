// ReadOnlyDB: a data directory opened the way promtool opens one
// (2.42's tsdb.DBReadOnly), for dump, list and queries of a directory that
// may belong to a running or crashed Prometheus. Nothing is ever written:
// chunks_head/ is read through ReadOnlyChunkDiskMapper (chunks the replay
// cuts stay in memory) and the WAL is replayed without a WAL writer, so no
// segment is created (promtool, by contrast, may create both).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/block_reader.h"
#include "engine/chunks/read_only_chunk_disk_mapper.h"
#include "engine/db/querier.h"
#include "engine/head/head.h"
#include "engine/wlog/corruption.h"

namespace tsdb::db {

struct ReadOnlyOptions {
  // 2.42 fails a read-only open on WAL corruption ("read WAL: ..."), and so
  // do we unless asked to keep what was replayed before it.
  bool continue_on_wal_corruption = false;
};

struct ReadOnlyOpenReport {
  head::ReplayStats replay;
  // The WAL corruption replay stopped at (only with continue_on_wal_corruption).
  std::optional<wlog::CorruptionError> corruption;
  // Blocks that failed to open but whose data a loadable block already holds
  // (they are among its compaction parents): ignored, as 2.42 does.
  std::vector<std::string> superseded_corrupt_blocks;
  int64_t min_valid_time = std::numeric_limits<int64_t>::min();
};

using BlockReaders = std::vector<std::unique_ptr<block::BlockReader>>;

// What 2.42's OpenDBReadOnly checks first: dir exists and is a directory
// (errors start "opening the db dir: ").
Status CheckDataDir(Filesystem& fs, const std::string& dir);

// Opens every block of dir, ascending minTime (what `promtool tsdb list`
// reads). A block whose meta.json cannot be read, or which fails to open
// and is not superseded, is an error naming the block.
Result<BlockReaders> OpenBlocksReadOnly(Filesystem& fs, const std::string& dir,
                                        std::vector<std::string>* superseded = nullptr);

class ReadOnlyDB {
 public:
  // Opens the blocks, then replays chunks_head/ and the WAL into a head
  // (chunk range 2h) whose minimum valid time is the newest block's
  // maxTime. clock only times the replay; null means no timing.
  static Result<std::unique_ptr<ReadOnlyDB>> Open(Filesystem& fs, const std::string& dir,
                                                  const Clock* clock, ReadOnlyOpenReport* report,
                                                  ReadOnlyOptions options = {});

  const std::string& dir() const { return dir_; }
  const BlockReaders& blocks() const { return blocks_; }
  const head::Head& head() const { return *head_; }

  // 2.42's DBReadOnly.Querier: the blocks, plus the head unless the newest
  // block ends after maxt (then 2.42 does not read the WAL at all).
  Querier NewQuerier(int64_t mint, int64_t maxt) const;

 private:
  ReadOnlyDB() = default;

  std::string dir_;
  ManualClock no_clock_;
  BlockReaders blocks_;
  std::unique_ptr<chunks::ReadOnlyChunkDiskMapper> cdm_;
  std::unique_ptr<head::Head> head_;  // after cdm_: destroyed first
};

}  // namespace tsdb::db
