// Properties of the WAL record codecs.
//
// Round trip: decode(encode(xs)) == xs exactly (refs, timestamps, value bits,
// label bytes and order) for arbitrary lists, and re-encoding is identical.
//
// Truncation, stated exactly. Let R = encode(xs) and cut R to its first L
// bytes, 0 <= L < |R|:
//  * L == 0: fails with "invalid record type".
//  * The cut succeeds exactly when L is an entry boundary, and then decodes to
//    the first k entries, k being the number of entries wholly inside L.
//    Boundaries are L == 1 (type byte only) and the end of every entry; for
//    samples, exemplars and histograms also L == 17 (the base header alone,
//    which decodes to zero entries).
//  * Any other cut fails with kCorruption and leaves the output untouched.
//    Series, tombstones and metadata say "invalid size"; samples, exemplars
//    and histograms say "decode error after N <things>: invalid size", with
//    N = 0 for a cut inside the header and N = k + 1 otherwise.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/record/record.h"

namespace tsdb::record {
namespace {

// ---- Generators.

rc::Gen<std::string> GenString() {
  return rc::gen::oneOf(
      rc::gen::just(std::string()),
      rc::gen::arbitrary<std::string>(),
      rc::gen::container<std::string>(rc::gen::arbitrary<char>()),  // any bytes
      rc::gen::element<std::string>("__name__", "job", "h\xc3\xa9llo", "\xe2\x82\xac\xf0\x9f\x98\x80",
                                    std::string("\x00\xff", 2), "\xff\xfe\xfd", "a\"b\\c\n"));
}

rc::Gen<Labels> GenLabels() {
  return rc::gen::map(
      rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
          rc::gen::pair(GenString(), GenString())),
      [](const std::vector<std::pair<std::string, std::string>>& pairs) {
        LabelsBuilder b;  // any order, duplicates allowed: the codec keeps them
        for (const auto& [n, v] : pairs) b.Add(n, v);
        return b.Build();
      });
}

rc::Gen<uint64_t> GenRef() {
  return rc::gen::oneOf(rc::gen::arbitrary<uint64_t>(), rc::gen::inRange<uint64_t>(0, 1000),
                        rc::gen::element<uint64_t>(0, 1, std::numeric_limits<uint64_t>::max(),
                                                   uint64_t{1} << 63, (uint64_t{1} << 63) - 1));
}

rc::Gen<int64_t> GenTime() {
  return rc::gen::oneOf(rc::gen::arbitrary<int64_t>(),
                        rc::gen::inRange<int64_t>(1'700'000'000'000, 1'700'000'100'000),
                        rc::gen::element<int64_t>(0, -1, std::numeric_limits<int64_t>::min(),
                                                  std::numeric_limits<int64_t>::max()));
}

rc::Gen<double> GenValue() {
  return rc::gen::map(
      rc::gen::oneOf(rc::gen::arbitrary<uint64_t>(),
                     rc::gen::element<uint64_t>(0x7FF0000000000002,   // stale marker
                                                0x7FF8000000000001,   // Prometheus NaN
                                                0xFFF0000000000001,   // negative sNaN
                                                0x7FF0000000000000,   // +Inf
                                                0x8000000000000000),  // -0
                     rc::gen::map(rc::gen::arbitrary<double>(),
                                  [](double d) { return std::bit_cast<uint64_t>(d); })),
      [](uint64_t bits) { return std::bit_cast<double>(bits); });
}

rc::Gen<RefSeries> GenSeries() {
  return rc::gen::build<RefSeries>(rc::gen::set(&RefSeries::ref, GenRef()),
                                   rc::gen::set(&RefSeries::labels, GenLabels()));
}
rc::Gen<RefSample> GenSample() {
  return rc::gen::build<RefSample>(rc::gen::set(&RefSample::ref, GenRef()),
                                   rc::gen::set(&RefSample::t, GenTime()),
                                   rc::gen::set(&RefSample::v, GenValue()));
}
rc::Gen<Stone> GenStone() {
  return rc::gen::build<Stone>(rc::gen::set(&Stone::ref, GenRef()),
                               rc::gen::set(&Stone::mint, GenTime()),
                               rc::gen::set(&Stone::maxt, GenTime()));
}
rc::Gen<RefExemplar> GenExemplar() {
  return rc::gen::build<RefExemplar>(
      rc::gen::set(&RefExemplar::ref, GenRef()), rc::gen::set(&RefExemplar::t, GenTime()),
      rc::gen::set(&RefExemplar::v, GenValue()), rc::gen::set(&RefExemplar::labels, GenLabels()));
}
rc::Gen<RefMmapMarker> GenMarker() {
  return rc::gen::build<RefMmapMarker>(rc::gen::set(&RefMmapMarker::ref, GenRef()),
                                       rc::gen::set(&RefMmapMarker::mmap_ref, GenRef()));
}
rc::Gen<RefMetadata> GenMetadata() {
  return rc::gen::build<RefMetadata>(
      rc::gen::set(&RefMetadata::ref, GenRef()),
      rc::gen::set(&RefMetadata::type, rc::gen::arbitrary<uint8_t>()),
      rc::gen::set(&RefMetadata::unit, GenString()), rc::gen::set(&RefMetadata::help, GenString()));
}
rc::Gen<RefHistogramSample> GenHistogram() {
  return rc::gen::map(
      rc::gen::tuple(GenRef(), GenTime(), rc::gen::arbitrary<int32_t>(), rc::gen::arbitrary<uint64_t>(),
                     rc::gen::arbitrary<std::vector<int64_t>>(), GenValue()),
      [](const std::tuple<uint64_t, int64_t, int32_t, uint64_t, std::vector<int64_t>, double>& x) {
        RefHistogramSample h;
        std::tie(h.ref, h.t, h.h.schema, h.h.count, h.h.positive_buckets, h.h.sum) = x;
        h.h.positive_spans = {{h.h.schema, static_cast<uint32_t>(h.h.positive_buckets.size())}};
        h.h.negative_buckets = {-1, 2};
        return h;
      });
}

// ---- Exact equality, values by bit pattern.

bool Same(double a, double b) { return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b); }
bool SameLabels(const Labels& a, const Labels& b) {
  return a.size() == b.size() && a == b;  // bytewise: order and contents
}
bool Equal(const RefSeries& a, const RefSeries& b) {
  return a.ref == b.ref && SameLabels(a.labels, b.labels);
}
bool Equal(const RefSample& a, const RefSample& b) {
  return a.ref == b.ref && a.t == b.t && Same(a.v, b.v);
}
bool Equal(const Stone& a, const Stone& b) {
  return a.ref == b.ref && a.mint == b.mint && a.maxt == b.maxt;
}
bool Equal(const RefExemplar& a, const RefExemplar& b) {
  return a.ref == b.ref && a.t == b.t && Same(a.v, b.v) && SameLabels(a.labels, b.labels);
}
bool Equal(const RefMmapMarker& a, const RefMmapMarker& b) {
  return a.ref == b.ref && a.mmap_ref == b.mmap_ref;
}
bool Equal(const RefMetadata& a, const RefMetadata& b) {
  return a.ref == b.ref && a.type == b.type && a.unit == b.unit && a.help == b.help;
}
bool Equal(const RefHistogramSample& a, const RefHistogramSample& b) {
  return a.ref == b.ref && a.t == b.t && a.h.schema == b.h.schema && a.h.count == b.h.count &&
         Same(a.h.sum, b.h.sum) && a.h.positive_buckets == b.h.positive_buckets &&
         a.h.negative_buckets == b.h.negative_buckets &&
         a.h.positive_spans.size() == b.h.positive_spans.size();
}

template <typename T>
bool AllEqual(const std::vector<T>& a, std::span<const T> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (!Equal(a[i], b[i])) return false;
  }
  return true;
}

// ---- The two properties, for any record type.

template <typename T>
struct Codec {
  std::function<void(std::span<const T>, Bytes*)> encode;
  std::function<Status(ByteView, std::vector<T>*)> decode;
  bool has_base_header;  // samples, exemplars, histograms
  const char* noun;      // for "decode error after N <noun>", or nullptr: bare error
};

template <typename T>
void CheckRoundTrip(const Codec<T>& c, const std::vector<T>& xs) {
  Bytes rec;
  c.encode(xs, &rec);
  std::vector<T> got;
  const Status s = c.decode(rec, &got);
  RC_ASSERT(s.ok());
  RC_ASSERT(AllEqual(got, std::span<const T>(xs)));
  Bytes again;
  c.encode(got, &again);
  RC_ASSERT(again == rec);
}

template <typename T>
void CheckTruncations(const Codec<T>& c, const std::vector<T>& xs) {
  Bytes rec;
  c.encode(xs, &rec);
  // ends[k] = bytes of the record holding exactly the first k entries.
  std::vector<size_t> ends;
  for (size_t k = 0; k <= xs.size(); k++) {
    Bytes prefix;
    c.encode(std::span<const T>(xs).first(k), &prefix);
    RC_ASSERT(std::equal(prefix.begin(), prefix.end(), rec.begin()));
    ends.push_back(k == 0 && c.has_base_header && !xs.empty() ? 17 : prefix.size());
  }
  for (size_t len = 0; len < rec.size(); len++) {
    const Bytes cut(rec.begin(), rec.begin() + static_cast<std::ptrdiff_t>(len));
    std::vector<T> got;
    const Status s = c.decode(cut, &got);
    if (len == 0) {
      RC_ASSERT(s.message() == "invalid record type");
      continue;
    }
    size_t k = 0;  // entries wholly inside the cut
    while (k < xs.size() && ends[k + 1] <= len) k++;
    const bool boundary = len == 1 || len == ends[k];
    if (boundary) {
      RC_ASSERT(s.ok());
      RC_ASSERT(AllEqual(got, std::span<const T>(xs).first(k)));
      continue;
    }
    RC_ASSERT(s.code() == StatusCode::kCorruption);
    RC_ASSERT(got.empty());
    if (c.noun == nullptr) {
      RC_ASSERT(s.message() == "invalid size");
    } else {
      const size_t n = c.has_base_header && len < 17 ? 0 : k + 1;
      RC_ASSERT(s.message() ==
                "decode error after " + std::to_string(n) + " " + c.noun + ": invalid size");
    }
  }
}

const Codec<RefSeries> kSeries{EncodeSeries, DecodeSeries, false, nullptr};
const Codec<RefSample> kSamples{EncodeSamples, DecodeSamples, true, "samples"};
const Codec<Stone> kStones{EncodeTombstones, DecodeTombstones, false, nullptr};
const Codec<RefExemplar> kExemplars{EncodeExemplars, DecodeExemplars, true, "exemplars"};
const Codec<RefMmapMarker> kMarkers{EncodeMmapMarkers, DecodeMmapMarkers, false, "mmap markers"};
const Codec<RefMetadata> kMetadata{EncodeMetadata, DecodeMetadata, false, nullptr};
const Codec<RefHistogramSample> kHistograms{EncodeHistogramSamples, DecodeHistogramSamples, true,
                                            "histograms"};

template <typename T>
std::vector<T> Small(const rc::Gen<T>& g) {
  // Truncation checks decode every prefix: keep records to a few hundred bytes.
  return *rc::gen::resize(12, rc::gen::container<std::vector<T>>(g));
}

RC_GTEST_PROP(RecordProperty, SeriesRoundTrip, ()) {
  CheckRoundTrip(kSeries, *rc::gen::container<std::vector<RefSeries>>(GenSeries()));
}
RC_GTEST_PROP(RecordProperty, SamplesRoundTrip, ()) {
  CheckRoundTrip(kSamples, *rc::gen::container<std::vector<RefSample>>(GenSample()));
}
RC_GTEST_PROP(RecordProperty, TombstonesRoundTrip, ()) {
  CheckRoundTrip(kStones, *rc::gen::container<std::vector<Stone>>(GenStone()));
}
RC_GTEST_PROP(RecordProperty, ExemplarsRoundTrip, ()) {
  CheckRoundTrip(kExemplars, *rc::gen::container<std::vector<RefExemplar>>(GenExemplar()));
}
RC_GTEST_PROP(RecordProperty, MmapMarkersRoundTrip, ()) {
  CheckRoundTrip(kMarkers, *rc::gen::container<std::vector<RefMmapMarker>>(GenMarker()));
}
RC_GTEST_PROP(RecordProperty, MetadataRoundTrip, ()) {
  CheckRoundTrip(kMetadata, *rc::gen::container<std::vector<RefMetadata>>(GenMetadata()));
}
RC_GTEST_PROP(RecordProperty, HistogramsRoundTrip, ()) {
  CheckRoundTrip(kHistograms, *rc::gen::container<std::vector<RefHistogramSample>>(GenHistogram()));
}

RC_GTEST_PROP(RecordProperty, SeriesTruncation, ()) { CheckTruncations(kSeries, Small(GenSeries())); }
RC_GTEST_PROP(RecordProperty, SamplesTruncation, ()) { CheckTruncations(kSamples, Small(GenSample())); }
RC_GTEST_PROP(RecordProperty, TombstonesTruncation, ()) { CheckTruncations(kStones, Small(GenStone())); }
RC_GTEST_PROP(RecordProperty, ExemplarsTruncation, ()) {
  CheckTruncations(kExemplars, Small(GenExemplar()));
}
RC_GTEST_PROP(RecordProperty, MmapMarkersTruncation, ()) {
  CheckTruncations(kMarkers, Small(GenMarker()));
}
RC_GTEST_PROP(RecordProperty, MetadataTruncation, ()) {
  CheckTruncations(kMetadata, Small(GenMetadata()));
}
RC_GTEST_PROP(RecordProperty, HistogramsTruncation, ()) {
  CheckTruncations(kHistograms, Small(GenHistogram()));
}

// Arbitrary bytes behind a valid type byte never crash or over-read (ASan
// build), and a failed decode appends nothing.
RC_GTEST_PROP(RecordProperty, ArbitraryBytesDecodeSafely, (uint8_t type, std::vector<uint8_t> body)) {
  Bytes rec = {static_cast<uint8_t>(1 + type % 8)};
  rec.insert(rec.end(), body.begin(), body.end());
  std::vector<RefSeries> a;
  std::vector<RefSample> b;
  std::vector<Stone> c;
  std::vector<RefExemplar> d;
  std::vector<RefMmapMarker> e;
  std::vector<RefMetadata> f;
  std::vector<RefHistogramSample> g;
  std::vector<RefFloatHistogramSample> h;
  RC_ASSERT(DecodeSeries(rec, &a).ok() || a.empty());
  RC_ASSERT(DecodeSamples(rec, &b).ok() || b.empty());
  RC_ASSERT(DecodeTombstones(rec, &c).ok() || c.empty());
  RC_ASSERT(DecodeExemplars(rec, &d).ok() || d.empty());
  RC_ASSERT(DecodeMmapMarkers(rec, &e).ok() || e.empty());
  RC_ASSERT(DecodeMetadata(rec, &f).ok() || f.empty());
  RC_ASSERT(DecodeHistogramSamples(rec, &g).ok() || g.empty());
  RC_ASSERT(DecodeFloatHistogramSamples(rec, &h).ok() || h.empty());
}

}  // namespace
}  // namespace tsdb::record
