// The persisted blocks of a data directory: every subdirectory whose name is
// a ULID (so `<ULID>.tmp-for-creation`, `<ULID>.tmp-for-deletion` and legacy
// `*.tmp` directories are never listed), with its meta.json, sorted by
// minTime as Prometheus orders blocks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/meta.h"

namespace tsdb::block {

struct ListedBlock {
  std::string name;  // the ULID directory name
  std::string dir;   // <data_dir>/<name>
  BlockMeta meta;
};

// A block directory whose meta.json could not be read or parsed.
struct UnreadableBlock {
  std::string name;
  Status status;
};

struct BlockList {
  std::vector<ListedBlock> blocks;        // ascending minTime, then ULID
  std::vector<UnreadableBlock> unreadable;  // in name order
};

// True for a name Prometheus treats as a block directory (a strict ULID).
bool IsBlockDirName(std::string_view name);

// Fails only when data_dir itself cannot be listed; callers decide what an
// unreadable block means (2.42 refuses to open a DB with one).
Result<BlockList> ListBlocks(Filesystem& fs, const std::string& data_dir);

}  // namespace tsdb::block
