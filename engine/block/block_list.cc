#include "engine/block/block_list.h"

#include <algorithm>

#include "engine/block/block_format.h"
#include "engine/block/ulid.h"

namespace tsdb::block {

bool IsBlockDirName(std::string_view name) {
  // A ULID is exactly 26 characters, so every temporary suffix fails here;
  // the explicit checks only document the intent.
  if (name.ends_with(kTmpForCreationSuffix) || name.ends_with(kTmpForDeletionSuffix) ||
      name.ends_with(kLegacyTmpSuffix)) {
    return false;
  }
  return Ulid::IsValid(name);
}

Result<BlockList> ListBlocks(Filesystem& fs, const std::string& data_dir) {
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs.List(data_dir));
  BlockList out;
  for (const DirEntry& e : entries) {
    if (!e.is_dir || !IsBlockDirName(e.name)) continue;
    const std::string dir = JoinPath(data_dir, e.name);
    Result<BlockMeta> meta = ReadMetaFile(fs, dir);
    if (!meta.ok()) {
      out.unreadable.push_back({e.name, meta.status()});
      continue;
    }
    out.blocks.push_back({e.name, dir, std::move(meta).value()});
  }
  std::stable_sort(out.blocks.begin(), out.blocks.end(),
                   [](const ListedBlock& a, const ListedBlock& b) {
                     return a.meta.min_time != b.meta.min_time ? a.meta.min_time < b.meta.min_time
                                                               : a.meta.ulid < b.meta.ulid;
                   });
  return out;
}

}  // namespace tsdb::block
