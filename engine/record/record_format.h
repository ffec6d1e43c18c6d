// Constants of the WAL record payloads (Prometheus 2.42 tsdb/record).
// FORMAT.md beside this file describes every layout in words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/base/coding.h"

namespace tsdb::record {

// First byte of every record. kUnknown never appears on disk: it is what
// GetType answers for an empty record or an unrecognised first byte.
enum class Type : uint8_t {
  kSeries = 1,
  kSamples = 2,
  kTombstones = 3,
  kExemplars = 4,
  kMmapMarkers = 5,  // only in the out-of-order WBL
  kMetadata = 6,
  kHistogramSamples = 7,
  kFloatHistogramSamples = 8,
  kUnknown = 255,
};

// Metric types carried by metadata records (RefMetadata::type).
enum MetricType : uint8_t {
  kMetricUnknown = 0,
  kMetricCounter = 1,
  kMetricGauge = 2,
  kMetricHistogram = 3,
  kMetricGaugeHistogram = 4,
  kMetricSummary = 5,
  kMetricInfo = 6,
  kMetricStateset = 7,
};

namespace format {

inline constexpr size_t kTypeBytes = 1;
// Samples, exemplars and histograms start with the first item's ref and
// timestamp, both big-endian u64; items store zig-zag deltas against them.
inline constexpr size_t kBaseHeaderBytes = kTypeBytes + 8 + 8;
// Largest samples entry: two varint deltas and a big-endian value.
inline constexpr size_t kMaxSampleEntryBytes = 2 * kMaxVarintBytes + 8;
// Smallest samples entry: two one-byte deltas and the value.
inline constexpr size_t kMinSampleEntryBytes = 1 + 1 + 8;
// Series ref + chunk ref, both big-endian u64.
inline constexpr size_t kMmapMarkerEntryBytes = 16;

// Metadata fields: the encoder always writes exactly these two, in this order;
// the decoder skips names it does not know.
inline constexpr std::string_view kMetadataUnitField = "UNIT";
inline constexpr std::string_view kMetadataHelpField = "HELP";
inline constexpr uint64_t kMetadataFieldCount = 2;

// Counts (labels, metadata fields, spans, buckets) are read by Go as
// int(uvarint): a value above this wraps negative and means "none".
inline constexpr uint64_t kMaxGoIntCount = INT64_MAX;

}  // namespace format
}  // namespace tsdb::record
