// A block's meta.json (PROMETHEUS.md §9.1): the struct, and reading and
// writing it exactly as Prometheus 2.42 does. Writing reproduces Go's
// json.MarshalIndent(meta, "", "\t") byte for byte (field order, tab indent,
// omitted zero values, HTML-safe escaping, no trailing newline); reading
// follows encoding/json's rules (unknown fields ignored, names matched
// case-insensitively, null leaves a field unchanged) and then requires
// version 1.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/ulid.h"

namespace tsdb::block {

inline constexpr int kMetaVersion1 = 1;
inline constexpr std::string_view kCompactionHintFromOutOfOrder = "from-out-of-order";

struct BlockStats {
  uint64_t num_samples = 0;
  uint64_t num_series = 0;
  uint64_t num_chunks = 0;
  uint64_t num_tombstones = 0;
  friend bool operator==(const BlockStats&, const BlockStats&) = default;
};

// A parent block of a compaction.
struct BlockDesc {
  Ulid ulid;
  int64_t min_time = 0;
  int64_t max_time = 0;
  friend bool operator==(const BlockDesc&, const BlockDesc&) = default;
};

struct BlockMetaCompaction {
  int64_t level = 0;           // compaction cycles any source went through
  std::vector<Ulid> sources;   // the head blocks that went into this block
  bool deletable = false;      // empty compaction result, delete on reload
  std::vector<BlockDesc> parents;
  bool failed = false;
  std::vector<std::string> hints;  // e.g. "from-out-of-order"
  friend bool operator==(const BlockMetaCompaction&, const BlockMetaCompaction&) = default;
};

struct BlockMeta {
  Ulid ulid;
  int64_t min_time = 0;  // inclusive, ms
  int64_t max_time = 0;  // exclusive, ms
  BlockStats stats;
  BlockMetaCompaction compaction;
  int64_t version = kMetaVersion1;
  friend bool operator==(const BlockMeta&, const BlockMeta&) = default;
};

// The exact bytes 2.42 writes for `meta` (version written as given).
std::string MarshalMeta(const BlockMeta& meta);

// Parses meta.json text. `path` names the file in errors, which are
// kCorruption "meta file <path> at offset N: ...".
Result<BlockMeta> ParseMeta(std::string_view json, const std::string& path);

inline constexpr std::string_view kMetaFilename = "meta.json";

// Reads <block_dir>/meta.json.
Result<BlockMeta> ReadMetaFile(Filesystem& fs, const std::string& block_dir);

// Sets meta->version to 1 and writes <block_dir>/meta.json atomically:
// meta.json.tmp, fsync, rename over meta.json, fsync the directory. Returns
// the number of bytes written.
Result<uint64_t> WriteMetaFile(Filesystem& fs, const std::string& block_dir, BlockMeta* meta);

}  // namespace tsdb::block
