// Writes the head's [mint, maxt) as a persisted block, the way 2.42's
// compactor writes a RangeHead: series in label order, chunks as they are
// (trimmed only where they reach outside the range), and the symbol table of
// the whole head.
#pragma once

#include <optional>
#include <string>

#include "engine/base/filesystem.h"
#include "engine/block/meta.h"
#include "engine/block/ulid.h"
#include "engine/head/head.h"

namespace tsdb::db {

// The block's meta when one was written; nullopt when the range held no
// samples (2.42 writes no block then).
Result<std::optional<block::BlockMeta>> WriteHeadBlock(Filesystem& fs, const std::string& data_dir,
                                                       const head::Head& head, int64_t mint,
                                                       int64_t maxt, const block::Ulid& ulid,
                                                       uint64_t chunk_segment_size_bytes);

}  // namespace tsdb::db
