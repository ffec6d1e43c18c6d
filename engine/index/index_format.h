// Layout constants of a block's `index` file, format version 2 as Prometheus
// 2.42 writes it (PROMETHEUS.md §9.3, FORMAT.md beside this file).
#pragma once

#include <cstdint>
#include <string_view>

namespace tsdb::index {

// Header: magic u32 BE | version u8.
inline constexpr uint32_t kIndexMagic = 0xBAAAD700;
inline constexpr uint8_t kIndexFormatV1 = 1;
inline constexpr uint8_t kIndexFormatV2 = 2;
inline constexpr int kIndexHeaderSizeBytes = 5;

// Table of contents at the very end: six u64 BE section offsets and a CRC-32C
// over those 48 bytes.
inline constexpr int kTocEntries = 6;
inline constexpr int kTocSizeBytes = kTocEntries * 8 + 4;

inline constexpr int kCrcSizeBytes = 4;
// Every CRC'd section but the series entries starts with its length as u32 BE.
inline constexpr int kSectionLengthSizeBytes = 4;

// v2 series entries start on 16-byte boundaries; a series ID is offset / 16,
// which lets 4-byte postings address a 64 GiB file.
inline constexpr uint64_t kSeriesAlignment = 16;
// Label indices and postings lists start on 4-byte boundaries.
inline constexpr uint64_t kListAlignment = 4;
inline constexpr uint64_t kMaxIndexSizeBytes = 16ull * 0xFFFFFFFFull;  // "64 GiB"

// Key counts stored in the two offset tables: the label offset table keys one
// name, the postings offset table a (name, value) pair.
inline constexpr uint64_t kLabelIndexKeyCount = 1;
inline constexpr uint64_t kPostingsKeyCount = 2;

// The postings list of every series is stored under the empty name and value.
inline constexpr std::string_view kAllPostingsName = "";
inline constexpr std::string_view kAllPostingsValue = "";

inline constexpr std::string_view kIndexFilename = "index";

}  // namespace tsdb::index
