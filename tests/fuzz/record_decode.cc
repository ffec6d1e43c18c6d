#include "tests/fuzz/record_decode.h"

#include <vector>

#include "engine/record/record.h"
#include "tests/fuzz/fuzz_check.h"

namespace tsdb::fuzz {
namespace {

// record.h: "on error the vector is left as it was", so one entry put there
// beforehand must be alone after a failed decode, and first after a good one.
template <typename T, typename Decode>
bool Check(ByteView rec, Decode decode) {
  std::vector<T> out(1);
  const Status s = decode(rec, &out);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == StatusCode::kCorruption, "decoder error is not kCorruption: %s",
               s.ToString().c_str());
    FUZZ_CHECK(out.size() == 1, "failed decode left %zu entries", out.size());
    return false;
  }
  return true;
}

// A decoded samples record encodes and decodes back to the same samples.
void RoundTripSamples(ByteView rec) {
  std::vector<record::RefSample> first;
  if (!record::DecodeSamples(rec, &first).ok()) return;
  Bytes again;
  record::EncodeSamples(first, &again);
  std::vector<record::RefSample> second;
  const Status s = record::DecodeSamples(again, &second);
  FUZZ_CHECK(s.ok(), "re-encoded samples do not decode: %s", s.ToString().c_str());
  FUZZ_CHECK(second.size() == first.size(), "sample count %zu != %zu", second.size(),
             first.size());
  for (size_t i = 0; i < first.size(); i++) {
    FUZZ_CHECK(second[i].ref == first[i].ref && second[i].t == first[i].t,
               "sample %zu changed in the round trip", i);
  }
}

}  // namespace

bool DecodeAnyRecord(ByteView rec) {
  using namespace record;
  switch (GetType(rec)) {
    case Type::kSeries:
      return Check<RefSeries>(rec, DecodeSeries);
    case Type::kSamples:
      RoundTripSamples(rec);
      return Check<RefSample>(rec, DecodeSamples);
    case Type::kTombstones:
      return Check<Stone>(rec, DecodeTombstones);
    case Type::kExemplars:
      return Check<RefExemplar>(rec, DecodeExemplars);
    case Type::kMmapMarkers:
      return Check<RefMmapMarker>(rec, DecodeMmapMarkers);
    case Type::kMetadata:
      return Check<RefMetadata>(rec, DecodeMetadata);
    case Type::kHistogramSamples:
      return Check<RefHistogramSample>(rec, DecodeHistogramSamples);
    case Type::kFloatHistogramSamples:
      return Check<RefFloatHistogramSample>(rec, DecodeFloatHistogramSamples);
    case Type::kUnknown:
      break;
  }
  return false;
}

}  // namespace tsdb::fuzz
