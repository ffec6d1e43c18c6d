// Record type detection and names.
#include "engine/record/record.h"

namespace tsdb::record {

Type GetType(ByteView rec) {
  if (rec.empty()) return Type::kUnknown;
  const uint8_t b = rec[0];
  // Types 1..8 are all defined; 2.42 answers Unknown for anything else.
  if (b >= static_cast<uint8_t>(Type::kSeries) &&
      b <= static_cast<uint8_t>(Type::kFloatHistogramSamples)) {
    return static_cast<Type>(b);
  }
  return Type::kUnknown;
}

const char* TypeName(Type type) {
  switch (type) {
    case Type::kSeries: return "series";
    case Type::kSamples: return "samples";
    case Type::kTombstones: return "tombstones";
    case Type::kExemplars: return "exemplars";
    case Type::kMmapMarkers: return "mmapmarkers";
    case Type::kMetadata: return "metadata";
    case Type::kHistogramSamples: return "histogram_samples";
    case Type::kFloatHistogramSamples: return "float_histogram_samples";
    case Type::kUnknown: break;
  }
  return "unknown";
}

}  // namespace tsdb::record
