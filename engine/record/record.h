// WAL record codecs, byte-identical with Prometheus 2.42's tsdb/record.
//
// Encoders append one whole record (type byte included) to a caller-owned
// buffer, so a reused buffer allocates nothing in steady state. Decoders
// append to caller-owned vectors and return kCorruption with 2.42's message
// for anything that does not decode; on error the vector is left as it was.
// Every decoder accepts arbitrary bytes without reading out of bounds.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/status.h"
#include "engine/labels/labels.h"
#include "engine/record/record_format.h"

namespace tsdb::record {

// The record's type from its first byte; kUnknown when empty or unrecognised.
Type GetType(ByteView rec);
// 2.42's Type.String(): "series", "samples", ..., "unknown".
const char* TypeName(Type type);

struct RefSeries {
  uint64_t ref = 0;
  Labels labels;
};

// v is stored and compared by bit pattern: NaN payloads such as the stale
// marker 0x7FF0000000000002 go through encode/decode untouched.
struct RefSample {
  uint64_t ref = 0;
  int64_t t = 0;
  double v = 0;
};

// One deleted interval [mint, maxt] of one series.
struct Stone {
  uint64_t ref = 0;
  int64_t mint = 0;
  int64_t maxt = 0;
};

struct RefExemplar {
  uint64_t ref = 0;
  int64_t t = 0;
  double v = 0;
  Labels labels;
};

struct RefMmapMarker {
  uint64_t ref = 0;
  uint64_t mmap_ref = 0;  // ChunkDiskMapperRef
};

struct RefMetadata {
  uint64_t ref = 0;
  uint8_t type = kMetricUnknown;  // a MetricType
  std::string unit;
  std::string help;
};

struct HistogramSpan {
  int32_t offset = 0;
  uint32_t length = 0;
};

// The native histogram fields a type-7 record carries; buckets are deltas.
struct Histogram {
  uint8_t counter_reset_hint = 0;
  int32_t schema = 0;
  double zero_threshold = 0;
  uint64_t zero_count = 0;
  uint64_t count = 0;
  double sum = 0;
  std::vector<HistogramSpan> positive_spans, negative_spans;
  std::vector<int64_t> positive_buckets, negative_buckets;
};

// Type 8: counts and buckets are floats (absolute, not deltas).
struct FloatHistogram {
  uint8_t counter_reset_hint = 0;
  int32_t schema = 0;
  double zero_threshold = 0;
  double zero_count = 0;
  double count = 0;
  double sum = 0;
  std::vector<HistogramSpan> positive_spans, negative_spans;
  std::vector<double> positive_buckets, negative_buckets;
};

struct RefHistogramSample {
  uint64_t ref = 0;
  int64_t t = 0;
  Histogram h;
};

struct RefFloatHistogramSample {
  uint64_t ref = 0;
  int64_t t = 0;
  FloatHistogram fh;
};

// Encoders: append the record to *out.
void EncodeSeries(std::span<const RefSeries> series, Bytes* out);
void EncodeSamples(std::span<const RefSample> samples, Bytes* out);
// Writes a samples record at the start of *scratch and returns its bytes.
// scratch only grows and is never cleared: reused for every commit, it costs
// no allocation and no zero-filling (EncodeSamples resizes to the worst case,
// zero-filling ~28 bytes per sample, most of them thrown away).
ByteView EncodeSamplesInto(std::span<const RefSample> samples, Bytes* scratch);
void EncodeTombstones(std::span<const Stone> stones, Bytes* out);
void EncodeExemplars(std::span<const RefExemplar> exemplars, Bytes* out);
void EncodeMmapMarkers(std::span<const RefMmapMarker> markers, Bytes* out);
void EncodeMetadata(std::span<const RefMetadata> metadata, Bytes* out);
void EncodeHistogramSamples(std::span<const RefHistogramSample> histograms, Bytes* out);
void EncodeFloatHistogramSamples(std::span<const RefFloatHistogramSample> histograms, Bytes* out);

// Decoders: append the record's entries to *out.
Status DecodeSeries(ByteView rec, std::vector<RefSeries>* out);
Status DecodeSamples(ByteView rec, std::vector<RefSample>* out);
Status DecodeTombstones(ByteView rec, std::vector<Stone>* out);
Status DecodeExemplars(ByteView rec, std::vector<RefExemplar>* out);
Status DecodeMmapMarkers(ByteView rec, std::vector<RefMmapMarker>* out);
Status DecodeMetadata(ByteView rec, std::vector<RefMetadata>* out);
Status DecodeHistogramSamples(ByteView rec, std::vector<RefHistogramSample>* out);
Status DecodeFloatHistogramSamples(ByteView rec, std::vector<RefFloatHistogramSample>* out);

}  // namespace tsdb::record
