// Constants of Prometheus 2.42's chunk snapshot (memory-snapshot-on-shutdown):
// a WAL-format log in chunk_snapshot.<segment>.<offset>/ holding the head's
// series with their open chunks, then its tombstones, then exemplars.
// SNAPSHOT_FORMAT.md beside this file describes the layout in words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tsdb::head::snapshot_format {

// Directory name: kDirPrefix, the WAL segment (kSegmentDigits digits), '.',
// the byte offset in it (kOffsetDigits digits), both zero padded.
inline constexpr std::string_view kDirPrefix = "chunk_snapshot.";
inline constexpr int kSegmentDigits = 6;
inline constexpr int kOffsetDigits = 10;
// Built under this suffix, then renamed.
inline constexpr std::string_view kTmpSuffix = ".tmp";

// First byte of each record (its own numbering, not the WAL's record types).
enum class RecordType : uint8_t {
  kSeries = 1,
  kTombstones = 2,
  kExemplars = 3,
};

// Series record: after ref and labels, an unused i64 (the old chunk range,
// written 0), then a uvarint saying whether a head chunk follows.
inline constexpr uint64_t kNoHeadChunk = 0;
inline constexpr uint64_t kHasHeadChunk = 1;
// After the chunk: kLegacySampleSlots (i64 t, f64 v) pairs. All zero except
// the last slot's value, which is the series' last appended value.
inline constexpr int kLegacySampleSlots = 4;
inline constexpr size_t kLegacySlotBytes = 8 + 8;

// Tombstones record: type, uvarint length, then kTombstonesFormatV1 and
// entries (uvarint ref, varint mint, varint maxt).
inline constexpr uint8_t kTombstonesFormatV1 = 1;

// Writing: series records go to the log in batches once more than this many
// bytes are buffered; exemplars go at most this many to a record.
inline constexpr size_t kSeriesFlushBytes = 10 * 1024 * 1024;
inline constexpr size_t kMaxExemplarsPerRecord = 10000;

// The head's series stripes: 2.42 writes series stripe by stripe
// (stripe = ref mod kStripeSize).
inline constexpr uint64_t kStripeSize = 16384;

}  // namespace tsdb::head::snapshot_format
