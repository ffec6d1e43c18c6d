#include "engine/record/record.h"

#include <gtest/gtest.h>
#include <snappy.h>

#include <bit>
#include <fstream>
#include <iterator>
#include <set>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/base/crc32c.h"

namespace tsdb::record {
namespace {

Bytes Hex(std::string_view hex) {
  Bytes out;
  std::string digits;
  for (char c : hex) {
    if (c != ' ' && c != '|') digits.push_back(c);
  }
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes Str(std::string_view s) { return Bytes(s.begin(), s.end()); }

uint64_t Bits(double v) { return std::bit_cast<uint64_t>(v); }

// ---- Type byte.

TEST(RecordType, FirstByteNamesTheType) {
  EXPECT_EQ(GetType({}), Type::kUnknown);
  for (uint8_t b = 1; b <= 8; b++) {
    const Bytes rec = {b};
    EXPECT_EQ(static_cast<uint8_t>(GetType(rec)), b);
  }
  for (uint8_t b : std::initializer_list<uint8_t>{0, 9, 100, 255}) {
    const Bytes rec = {b, 1, 2};
    EXPECT_EQ(GetType(rec), Type::kUnknown);
  }
  EXPECT_STREQ(TypeName(Type::kSeries), "series");
  EXPECT_STREQ(TypeName(Type::kSamples), "samples");
  EXPECT_STREQ(TypeName(Type::kTombstones), "tombstones");
  EXPECT_STREQ(TypeName(Type::kExemplars), "exemplars");
  EXPECT_STREQ(TypeName(Type::kMmapMarkers), "mmapmarkers");
  EXPECT_STREQ(TypeName(Type::kMetadata), "metadata");
  EXPECT_STREQ(TypeName(Type::kHistogramSamples), "histogram_samples");
  EXPECT_STREQ(TypeName(Type::kFloatHistogramSamples), "float_histogram_samples");
  EXPECT_STREQ(TypeName(Type::kUnknown), "unknown");
}

// ---- The worked examples of PROMETHEUS.md §3.1 and §3.2.

TEST(RecordSeries, WorkedExampleIsByteExact) {
  const std::vector<RefSeries> series = {{1, Labels::FromStrings({"__name__", "up"})}};
  Bytes out;
  EncodeSeries(series, &out);
  const Bytes want =
      Concat({Hex("01 | 0000000000000001 | 01 | 08"), Str("__name__"), Hex("02"), Str("up")});
  EXPECT_EQ(out, want);

  std::vector<RefSeries> got;
  ASSERT_TRUE(DecodeSeries(out, &got).ok());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].ref, 1u);
  EXPECT_EQ(got[0].labels, series[0].labels);
}

TEST(RecordSamples, WorkedExampleIsByteExact) {
  const std::vector<RefSample> samples = {{1, 1000, 1.0}, {2, 1000, 0.0}};
  Bytes out;
  EncodeSamples(samples, &out);
  EXPECT_EQ(out, Hex("02 0000000000000001 00000000000003e8 00 00 3ff0000000000000 "
                     "02 00 0000000000000000"));
}

TEST(RecordSamples, EncodeIntoReusedScratchGivesTheSameBytes) {
  // A long record leaves stale bytes behind in the scratch; shorter records
  // after it must come out exactly as EncodeSamples writes them.
  std::vector<RefSample> many;
  for (uint64_t i = 0; i < 300; i++) {
    many.push_back({1000 + 7 * i, static_cast<int64_t>(i) * -90000, static_cast<double>(i)});
  }
  const std::vector<RefSample>& longer = many;
  const std::vector<RefSample> shorter = {{1, 1000, 1.0}, {2, 1000, 0.0}};
  Bytes scratch = {0xAB};
  for (const std::vector<RefSample>* samples : {&longer, &shorter, &longer, &shorter}) {
    Bytes want;
    EncodeSamples(*samples, &want);
    const ByteView got = EncodeSamplesInto(*samples, &scratch);
    EXPECT_EQ(Bytes(got.begin(), got.end()), want);
    EXPECT_EQ(got.data(), scratch.data());
  }
  EXPECT_EQ(EncodeSamplesInto({}, &scratch).size(), 1u);
  EXPECT_EQ(scratch[0], 0x02);
}

// ---- Round trips.

TEST(RecordSeries, RoundTripKeepsRecordLabelOrder) {
  LabelsBuilder unsorted;
  unsorted.Add("z", "1");
  unsorted.Add("a", "");
  const std::vector<RefSeries> series = {
      {1, Labels::FromStrings({"__name__", "up", "job", "node"})},
      {std::numeric_limits<uint64_t>::max(), unsorted.Build()},
      {7, Labels()},
  };
  Bytes out;
  EncodeSeries(series, &out);
  std::vector<RefSeries> got = {{99, Labels()}};  // decoders append
  ASSERT_TRUE(DecodeSeries(out, &got).ok());
  ASSERT_EQ(got.size(), 4u);
  for (size_t i = 0; i < series.size(); i++) {
    EXPECT_EQ(got[i + 1].ref, series[i].ref);
    EXPECT_EQ(got[i + 1].labels.ToString(), series[i].labels.ToString());
  }
}

TEST(RecordSamples, EmptyListIsTheTypeByteAlone) {
  Bytes out;
  EncodeSamples({}, &out);
  EXPECT_EQ(out, Hex("02"));
  std::vector<RefSample> got;
  EXPECT_TRUE(DecodeSamples(out, &got).ok());
  EXPECT_TRUE(got.empty());
}

TEST(RecordSamples, RoundTripKeepsNaNBitsAndExtremes) {
  constexpr uint64_t kStale = 0x7FF0000000000002;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const std::vector<RefSample> samples = {
      {5, 1000, std::bit_cast<double>(kStale)},
      {std::numeric_limits<uint64_t>::max(), kMin, std::bit_cast<double>(0x7FF8000000000001ull)},
      {0, kMax, -0.0},
      {3, -1, std::numeric_limits<double>::infinity()},
  };
  Bytes out = {0xAB};  // encoders append
  EncodeSamples(samples, &out);
  EXPECT_EQ(out[0], 0xAB);
  std::vector<RefSample> got;
  ASSERT_TRUE(DecodeSamples(ByteView(out).subspan(1), &got).ok());
  ASSERT_EQ(got.size(), samples.size());
  for (size_t i = 0; i < samples.size(); i++) {
    EXPECT_EQ(got[i].ref, samples[i].ref);
    EXPECT_EQ(got[i].t, samples[i].t);
    EXPECT_EQ(Bits(got[i].v), Bits(samples[i].v));
  }
}

TEST(RecordTombstones, RoundTripAndLayout) {
  const std::vector<Stone> stones = {{1, -5, 10}, {1, 20, 30}, {9, INT64_MIN, INT64_MAX}};
  Bytes out;
  EncodeTombstones(stones, &out);
  EXPECT_EQ(Bytes(out.begin(), out.begin() + 11), Hex("03 0000000000000001 09 14"));
  std::vector<Stone> got;
  ASSERT_TRUE(DecodeTombstones(out, &got).ok());
  ASSERT_EQ(got.size(), 3u);
  for (size_t i = 0; i < 3; i++) {
    EXPECT_EQ(got[i].ref, stones[i].ref);
    EXPECT_EQ(got[i].mint, stones[i].mint);
    EXPECT_EQ(got[i].maxt, stones[i].maxt);
  }
}

TEST(RecordExemplars, RoundTripAndLayout) {
  const std::vector<RefExemplar> ex = {
      {10, 5000, 1.5, Labels::FromStrings({"trace_id", "abc"})},
      {8, 4000, std::bit_cast<double>(0x7FF0000000000002ull), Labels()},
  };
  Bytes out;
  EncodeExemplars(ex, &out);
  const Bytes want = Concat({Hex("04 000000000000000a 0000000000001388 00 00 3ff8000000000000 01 08"),
                             Str("trace_id"), Hex("03"), Str("abc"),
                             Hex("03 cf0f 7ff0000000000002 00")});
  EXPECT_EQ(out, want);
  std::vector<RefExemplar> got;
  ASSERT_TRUE(DecodeExemplars(out, &got).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].labels, ex[0].labels);
  EXPECT_EQ(got[1].ref, 8u);
  EXPECT_EQ(got[1].t, 4000);
  EXPECT_EQ(Bits(got[1].v), 0x7FF0000000000002ull);
  Bytes empty;
  EncodeExemplars({}, &empty);
  EXPECT_EQ(empty, Hex("04"));
}

TEST(RecordMmapMarkers, RoundTripAndLayout) {
  const std::vector<RefMmapMarker> markers = {{1, 0x0000000100000008}, {2, 3}};
  Bytes out;
  EncodeMmapMarkers(markers, &out);
  EXPECT_EQ(out, Hex("05 0000000000000001 0000000100000008 0000000000000002 0000000000000003"));
  std::vector<RefMmapMarker> got;
  ASSERT_TRUE(DecodeMmapMarkers(out, &got).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].mmap_ref, 0x0000000100000008u);
}

TEST(RecordMetadata, RoundTripAndLayout) {
  const std::vector<RefMetadata> md = {{300, kMetricCounter, "seconds", "Total time."}};
  Bytes out;
  EncodeMetadata(md, &out);
  const Bytes want = Concat({Hex("06 ac02 01 02 04"), Str("UNIT"), Hex("07"), Str("seconds"),
                             Hex("04"), Str("HELP"), Hex("0b"), Str("Total time.")});
  EXPECT_EQ(out, want);
  std::vector<RefMetadata> got;
  ASSERT_TRUE(DecodeMetadata(out, &got).ok());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].ref, 300u);
  EXPECT_EQ(got[0].type, kMetricCounter);
  EXPECT_EQ(got[0].unit, "seconds");
  EXPECT_EQ(got[0].help, "Total time.");
}

TEST(RecordMetadata, UnknownFieldsAreSkipped) {
  const Bytes rec = Concat({Hex("06 05 02 03 04"), Str("TYPE"), Hex("01"), Str("x"), Hex("04"),
                            Str("HELP"), Hex("02"), Str("hi"), Hex("00"), Hex("01"), Str("y"),
                            Hex("07 00 00")});  // then ref 7, type 0, no fields
  std::vector<RefMetadata> got;
  ASSERT_TRUE(DecodeMetadata(rec, &got).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].ref, 5u);
  EXPECT_EQ(got[0].type, kMetricGauge);
  EXPECT_EQ(got[0].help, "hi");
  EXPECT_EQ(got[0].unit, "");
  EXPECT_EQ(got[1].ref, 7u);
}

std::vector<RefHistogramSample> SomeHistograms() {
  RefHistogramSample a;
  a.ref = 4;
  a.t = 100;
  a.h.counter_reset_hint = 1;
  a.h.schema = -2;
  a.h.zero_threshold = 0.001;
  a.h.zero_count = 3;
  a.h.count = 20;
  a.h.sum = std::bit_cast<double>(0x7FF0000000000002ull);
  a.h.positive_spans = {{0, 2}, {-3, 1}};
  a.h.negative_spans = {{1, 1}};
  a.h.positive_buckets = {5, -2, 7};
  a.h.negative_buckets = {1};
  RefHistogramSample b;
  b.ref = 2;
  b.t = 90;
  return {a, b};
}

TEST(RecordHistograms, IntegerHistogramsRoundTrip) {
  const auto hs = SomeHistograms();
  Bytes out;
  EncodeHistogramSamples(hs, &out);
  std::vector<RefHistogramSample> got;
  ASSERT_TRUE(DecodeHistogramSamples(out, &got).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].ref, 4u);
  EXPECT_EQ(got[0].t, 100);
  EXPECT_EQ(got[0].h.schema, -2);
  EXPECT_EQ(got[0].h.count, 20u);
  EXPECT_EQ(Bits(got[0].h.sum), 0x7FF0000000000002ull);
  ASSERT_EQ(got[0].h.positive_spans.size(), 2u);
  EXPECT_EQ(got[0].h.positive_spans[1].offset, -3);
  EXPECT_EQ(got[0].h.positive_buckets, (std::vector<int64_t>{5, -2, 7}));
  EXPECT_EQ(got[0].h.negative_buckets, (std::vector<int64_t>{1}));
  EXPECT_EQ(got[1].ref, 2u);
  EXPECT_EQ(got[1].t, 90);
  EXPECT_TRUE(got[1].h.positive_spans.empty());
}

TEST(RecordHistograms, FloatHistogramsRoundTrip) {
  RefFloatHistogramSample a;
  a.ref = 1;
  a.t = -5;
  a.fh.schema = 3;
  a.fh.zero_count = 0.5;
  a.fh.count = 10.25;
  a.fh.sum = -1;
  a.fh.positive_spans = {{2, 3}};
  a.fh.positive_buckets = {1, 2.5, 3};
  a.fh.negative_buckets = {std::bit_cast<double>(0x7FF8000000000001ull)};
  const std::vector<RefFloatHistogramSample> hs = {a, a};
  Bytes out;
  EncodeFloatHistogramSamples(hs, &out);
  EXPECT_EQ(out[0], 8);
  std::vector<RefFloatHistogramSample> got;
  ASSERT_TRUE(DecodeFloatHistogramSamples(out, &got).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].fh.count, 10.25);
  EXPECT_EQ(got[1].fh.positive_buckets, (std::vector<double>{1, 2.5, 3}));
  EXPECT_EQ(Bits(got[1].fh.negative_buckets[0]), 0x7FF8000000000001ull);
  Bytes empty;
  EncodeFloatHistogramSamples({}, &empty);
  EXPECT_EQ(empty, Hex("08"));
}

// ---- Malformed input.

// Runs the decoder for rec's own type (by its first byte), returning the
// status and how many entries it produced.
struct Decoded {
  Status status;
  size_t n = 0;
};

Decoded DecodeAs(Type type, ByteView rec) {
  Decoded d;
  switch (type) {
    case Type::kSeries: { std::vector<RefSeries> v; d.status = DecodeSeries(rec, &v); d.n = v.size(); break; }
    case Type::kSamples: { std::vector<RefSample> v; d.status = DecodeSamples(rec, &v); d.n = v.size(); break; }
    case Type::kTombstones: { std::vector<Stone> v; d.status = DecodeTombstones(rec, &v); d.n = v.size(); break; }
    case Type::kExemplars: { std::vector<RefExemplar> v; d.status = DecodeExemplars(rec, &v); d.n = v.size(); break; }
    case Type::kMmapMarkers: { std::vector<RefMmapMarker> v; d.status = DecodeMmapMarkers(rec, &v); d.n = v.size(); break; }
    case Type::kMetadata: { std::vector<RefMetadata> v; d.status = DecodeMetadata(rec, &v); d.n = v.size(); break; }
    case Type::kHistogramSamples: { std::vector<RefHistogramSample> v; d.status = DecodeHistogramSamples(rec, &v); d.n = v.size(); break; }
    case Type::kFloatHistogramSamples: { std::vector<RefFloatHistogramSample> v; d.status = DecodeFloatHistogramSamples(rec, &v); d.n = v.size(); break; }
    case Type::kUnknown: break;
  }
  return d;
}

// One valid record of every type, each with two entries.
std::vector<Bytes> OneRecordOfEachType() {
  std::vector<Bytes> recs(8);
  EncodeSeries(std::vector<RefSeries>{{1, Labels::FromStrings({"a", "b"})},
                                      {2, Labels::FromStrings({"c", "d", "e", ""})}},
               &recs[0]);
  EncodeSamples(std::vector<RefSample>{{1, 10, 1}, {300, -70000, 2}}, &recs[1]);
  EncodeTombstones(std::vector<Stone>{{1, 0, 100}, {2, -1, 1}}, &recs[2]);
  EncodeExemplars(std::vector<RefExemplar>{{1, 10, 1, Labels::FromStrings({"t", "x"})},
                                           {2, 11, 2, Labels()}},
                  &recs[3]);
  EncodeMmapMarkers(std::vector<RefMmapMarker>{{1, 2}, {3, 4}}, &recs[4]);
  EncodeMetadata(std::vector<RefMetadata>{{1, 2, "u", "h"}, {2, 0, "", ""}}, &recs[5]);
  EncodeHistogramSamples(SomeHistograms(), &recs[6]);
  RefFloatHistogramSample f;
  f.fh.positive_spans = {{0, 1}};
  f.fh.positive_buckets = {1};
  EncodeFloatHistogramSamples(std::vector<RefFloatHistogramSample>{f, f}, &recs[7]);
  return recs;
}

TEST(RecordMalformed, WrongOrMissingTypeByte) {
  for (const Bytes& rec : OneRecordOfEachType()) {
    const Type own = GetType(rec);
    for (uint8_t t = 1; t <= 8; t++) {
      const auto other = static_cast<Type>(t);
      if (other == own) continue;
      const Decoded d = DecodeAs(other, rec);
      EXPECT_EQ(d.status.code(), StatusCode::kCorruption);
      EXPECT_EQ(d.status.message(), "invalid record type") << TypeName(other);
    }
    EXPECT_EQ(DecodeAs(own, {}).status.message(), "invalid record type");
  }
}

TEST(RecordMalformed, EveryTruncationFailsCleanlyOrDecodesAPrefix) {
  for (const Bytes& rec : OneRecordOfEachType()) {
    const Type type = GetType(rec);
    ASSERT_EQ(DecodeAs(type, rec).n, 2u);
    for (size_t len = 1; len < rec.size(); len++) {
      // A fresh heap copy of exactly len bytes, so ASan sees any over-read.
      const Bytes cut(rec.begin(), rec.begin() + static_cast<std::ptrdiff_t>(len));
      const Decoded d = DecodeAs(type, cut);
      if (d.status.ok()) {
        EXPECT_LT(d.n, 2u) << TypeName(type) << " len " << len;
      } else {
        EXPECT_EQ(d.status.code(), StatusCode::kCorruption);
        EXPECT_EQ(d.n, 0u);  // nothing appended on error
      }
    }
  }
}

TEST(RecordMalformed, SampleErrorsCountTheEntryThatFailed) {
  Bytes rec;
  EncodeSamples(std::vector<RefSample>{{1, 10, 1}, {2, 20, 2}, {3, 30, 3}}, &rec);
  ASSERT_EQ(rec.size(), 17u + 3 * 10);
  const auto msg = [&](size_t len) {
    return DecodeAs(Type::kSamples, ByteView(rec).first(len)).status.message();
  };
  EXPECT_EQ(msg(1), "");                                            // no samples
  EXPECT_EQ(msg(5), "decode error after 0 samples: invalid size");  // header cut
  EXPECT_EQ(msg(17), "");                                           // header only: zero samples
  EXPECT_EQ(msg(18), "decode error after 1 samples: invalid size");
  EXPECT_EQ(msg(27), "");                                           // exactly one sample
  EXPECT_EQ(msg(40), "decode error after 3 samples: invalid size");
  // Trailing garbage is read as one more cut entry.
  Bytes trailing = rec;
  trailing.push_back(0x00);
  EXPECT_EQ(DecodeAs(Type::kSamples, trailing).status.message(),
            "decode error after 4 samples: invalid size");
  // A varint that never ends (or overflows) is also "invalid size".
  Bytes overflow(rec.begin(), rec.begin() + 17);
  overflow.insert(overflow.end(), 11, 0xFF);
  EXPECT_EQ(DecodeAs(Type::kSamples, overflow).status.message(),
            "decode error after 1 samples: invalid size");
}

TEST(RecordMalformed, OtherMessagesMatch242) {
  const std::vector<Bytes> recs = OneRecordOfEachType();
  struct Case {
    size_t index;
    std::string trailing_message;
  };
  // One stray byte after valid entries starts an entry that cannot finish.
  const std::vector<Case> cases = {
      {0, "invalid size"},
      {2, "invalid size"},
      {3, "decode error after 3 exemplars: invalid size"},
      {4, "decode error after 3 mmap markers: invalid size"},
      {5, "invalid size"},
      {6, "decode error after 3 histograms: invalid size"},
      {7, "decode error after 3 histograms: invalid size"},
  };
  for (const Case& c : cases) {
    Bytes rec = recs[c.index];
    rec.push_back(0x01);
    const Decoded d = DecodeAs(GetType(rec), rec);
    EXPECT_EQ(d.status.code(), StatusCode::kCorruption);
    EXPECT_EQ(d.status.message(), c.trailing_message) << TypeName(GetType(rec));
  }
  EXPECT_EQ(DecodeAs(Type::kExemplars, Hex("04 00")).status.message(),
            "decode error after 0 exemplars: invalid size");
  EXPECT_EQ(DecodeAs(Type::kHistogramSamples, Hex("07 00")).status.message(),
            "decode error after 0 histograms: invalid size");
}

TEST(RecordMalformed, DecoderLeavesCallerVectorAsItWas) {
  Bytes rec;
  EncodeSamples(std::vector<RefSample>{{1, 10, 1}, {2, 20, 2}}, &rec);
  rec.pop_back();
  std::vector<RefSample> out = {{42, 1, 1}};
  EXPECT_FALSE(DecodeSamples(rec, &out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].ref, 42u);
}

TEST(RecordMalformed, GoIntCountQuirks) {
  // A label count of 2^63 is negative as a Go int: zero labels, no error.
  const Bytes series = Hex("01 0000000000000005 80808080808080808001");
  std::vector<RefSeries> got;
  ASSERT_TRUE(DecodeSeries(series, &got).ok());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].labels.empty());
  // A huge but positive count cannot be satisfied by the bytes: invalid size.
  const Bytes huge = Hex("01 0000000000000005 ffffffffffffffff7f");
  EXPECT_EQ(DecodeAs(Type::kSeries, huge).status.message(), "invalid size");
  // A string length far past the record's end.
  const Bytes long_name = Hex("01 0000000000000005 01 ffffffffffffffffff01");
  EXPECT_EQ(DecodeAs(Type::kSeries, long_name).status.message(), "invalid size");
  // Histogram with a span count of 2^62: no allocation, just invalid size.
  Bytes h = Hex("07 0000000000000001 0000000000000001 00 00 00 00 0000000000000000 00 00"
                "0000000000000000 8080808080808080 40");
  EXPECT_EQ(DecodeAs(Type::kHistogramSamples, h).status.message(),
            "decode error after 1 histograms: invalid size");
}

// ---- Real records written by Prometheus 2.42 (shared fixtures).

// A minimal reader of one WAL segment (fragments, pages, snappy), enough to
// pull the records out; the real reader lives in engine/wlog.
std::vector<Bytes> ReadSegmentRecords(const std::string& path) {
  constexpr size_t kPage = 32768, kHeader = 7;
  std::ifstream f(path, std::ios::binary);
  const Bytes seg((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<Bytes> records;
  std::string pending;
  bool compressed = false;
  size_t pos = 0;
  while (pos + kHeader <= seg.size()) {
    const size_t page_left = kPage - pos % kPage;
    if (page_left < kHeader || seg[pos] == 0) {  // padding: skip to the next page
      pos += page_left;
      continue;
    }
    const uint8_t type = seg[pos];
    const size_t len = GetBE16(&seg[pos + 1]);
    const ByteView payload = ByteView(seg).subspan(pos + kHeader, len);
    EXPECT_EQ(Crc32c(payload), GetBE32(&seg[pos + 3])) << path << " @" << pos;
    pending.append(AsString(payload));
    compressed = (type & 0x08) != 0;
    const uint8_t kind = type & 0x07;
    if (kind == 1 || kind == 4) {  // full or last: a record is complete
      std::string rec;
      if (compressed) {
        EXPECT_TRUE(snappy::Uncompress(pending.data(), pending.size(), &rec));
      } else {
        rec = pending;
      }
      records.emplace_back(rec.begin(), rec.end());
      pending.clear();
    }
    pos += kHeader + len;
  }
  return records;
}

struct Totals {
  size_t records = 0, series = 0, samples = 0, other = 0;
  std::set<uint64_t> series_refs;
};

// Decodes each record, checks that re-encoding gives the same bytes, counts.
void DecodeAndReencode(const std::vector<Bytes>& records, Totals* totals) {
  for (const Bytes& rec : records) {
    totals->records++;
    Bytes again;
    switch (GetType(rec)) {
      case Type::kSeries: {
        std::vector<RefSeries> v;
        ASSERT_TRUE(DecodeSeries(rec, &v).ok());
        for (const RefSeries& s : v) {
          totals->series_refs.insert(s.ref);
          EXPECT_TRUE(s.labels.ValidateForHead().ok()) << s.labels.ToString();
        }
        totals->series += v.size();
        EncodeSeries(v, &again);
        break;
      }
      case Type::kSamples: {
        std::vector<RefSample> v;
        ASSERT_TRUE(DecodeSamples(rec, &v).ok());
        totals->samples += v.size();
        EncodeSamples(v, &again);
        break;
      }
      default:
        totals->other++;
        again = rec;
        break;
    }
    EXPECT_EQ(again, rec) << "record " << totals->records << " type " << TypeName(GetType(rec));
  }
}

TEST(RecordFixtures, MmappedDatadirWalReencodesByteIdentically) {
  const std::string wal = std::string(TSDB_FIXTURES_DIR) + "/prometheus-2.42/mmapped-datadir/wal/";
  Totals t;
  DecodeAndReencode(ReadSegmentRecords(wal + "00000000"), &t);
  EXPECT_EQ(t.series_refs.size(), 512u);
  EXPECT_EQ(t.series, 512u);
  EXPECT_EQ(t.samples, 210944u);  // every sample of the promtool dump
  EXPECT_EQ(t.other, 0u);
}

TEST(RecordFixtures, KilledDatadirSegmentsAndCheckpointReencodeByteIdentically) {
  const std::string wal = std::string(TSDB_FIXTURES_DIR) + "/prometheus-2.42/killed-datadir/wal/";
  Totals t;
  DecodeAndReencode(ReadSegmentRecords(wal + "checkpoint.00000001/00000000"), &t);
  for (const char* seg : {"00000002", "00000003", "00000004", "00000005"}) {
    DecodeAndReencode(ReadSegmentRecords(wal + seg), &t);
  }
  EXPECT_GT(t.samples, 0u);
  EXPECT_GE(t.series_refs.size(), 512u);
  EXPECT_EQ(t.other, 0u);
}

}  // namespace
}  // namespace tsdb::record
