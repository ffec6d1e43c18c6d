// Names and constants of a persisted block directory (PROMETHEUS.md §9,
// FORMAT.md beside this file). The index and chunk segment layouts have
// their own headers: engine/index/index_format.h and
// engine/chunks/block_chunks_format.h.
#pragma once

#include <cstdint>
#include <string_view>

namespace tsdb::block {

inline constexpr std::string_view kChunksDirname = "chunks";
inline constexpr std::string_view kIndexFilename = "index";
inline constexpr std::string_view kTombstonesFilename = "tombstones";
// meta.json's name is kMetaFilename in meta.h.

// Directory suffixes of blocks in flight; such directories are never blocks.
inline constexpr std::string_view kTmpForCreationSuffix = ".tmp-for-creation";
inline constexpr std::string_view kTmpForDeletionSuffix = ".tmp-for-deletion";
inline constexpr std::string_view kLegacyTmpSuffix = ".tmp";

}  // namespace tsdb::block

namespace tsdb::tombstones {

// tombstones file: magic u32 BE | version u8 | entries | CRC-32C u32 BE over
// the entries only (the version byte is not covered).
inline constexpr uint32_t kTombstonesMagic = 0x0130BA30;
inline constexpr uint8_t kTombstonesFormatV1 = 1;
inline constexpr int kTombstonesHeaderSizeBytes = 5;
inline constexpr int kTombstonesCrcSizeBytes = 4;

}  // namespace tsdb::tombstones
