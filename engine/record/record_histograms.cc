// Native histogram samples (types 7 and 8). Not on the float-sample hot path:
// decoding walks every field so counts are right and corruption is caught.
#include "engine/record/record.h"
#include "engine/record/record_internal.h"

namespace tsdb::record {

using namespace internal;  // NOLINT: this file's helpers

namespace {

void AppendSpans(Bytes* out, const std::vector<HistogramSpan>& spans) {
  AppendUvarint(out, spans.size());
  for (const HistogramSpan& s : spans) {
    AppendVarint(out, s.offset);
    AppendUvarint(out, s.length);
  }
}

// A count-prefixed list; each element read by read_one while dec is healthy.
// Reserves at most what the remaining bytes could hold, so a huge count in a
// corrupt record cannot allocate.
template <typename T, typename ReadOne>
void ReadList(Decbuf* dec, std::vector<T>* out, ReadOne read_one) {
  const size_t n = GoCount(dec->Uvarint());
  out->reserve(std::min(n, dec->remaining()));
  for (size_t i = 0; i < n && dec->ok(); i++) out->push_back(read_one());
}

void ReadSpans(Decbuf* dec, std::vector<HistogramSpan>* spans) {
  ReadList(dec, spans, [dec] {
    HistogramSpan s;
    s.offset = static_cast<int32_t>(dec->Varint());    // Go truncates to int32
    s.length = static_cast<uint32_t>(dec->Uvarint());  // and to uint32
    return s;
  });
}

void ReadBody(Decbuf* dec, Histogram* h) {
  h->counter_reset_hint = dec->Byte();
  h->schema = static_cast<int32_t>(dec->Varint());
  h->zero_threshold = dec->BEDouble();
  h->zero_count = dec->Uvarint();
  h->count = dec->Uvarint();
  h->sum = dec->BEDouble();
  ReadSpans(dec, &h->positive_spans);
  ReadSpans(dec, &h->negative_spans);
  ReadList(dec, &h->positive_buckets, [dec] { return dec->Varint(); });
  ReadList(dec, &h->negative_buckets, [dec] { return dec->Varint(); });
}

void ReadBody(Decbuf* dec, FloatHistogram* h) {
  h->counter_reset_hint = dec->Byte();
  h->schema = static_cast<int32_t>(dec->Varint());
  h->zero_threshold = dec->BEDouble();
  h->zero_count = dec->BEDouble();
  h->count = dec->BEDouble();
  h->sum = dec->BEDouble();
  ReadSpans(dec, &h->positive_spans);
  ReadSpans(dec, &h->negative_spans);
  ReadList(dec, &h->positive_buckets, [dec] { return dec->BEDouble(); });
  ReadList(dec, &h->negative_buckets, [dec] { return dec->BEDouble(); });
}

Histogram& BodyOf(RefHistogramSample& s) { return s.h; }
FloatHistogram& BodyOf(RefFloatHistogramSample& s) { return s.fh; }

// Both types share the samples-style header and the per-item ref/t deltas.
template <typename Item>
Status DecodeHistograms(ByteView rec, Type want, std::vector<Item>* out) {
  if (GetType(rec) != want) return InvalidRecordType();
  Decbuf dec(rec.subspan(format::kTypeBytes));
  if (dec.remaining() == 0) return Status::Ok();
  const uint64_t base_ref = dec.BE64();
  const uint64_t base_t = dec.BE64();
  if (!dec.ok()) return DecodeErrorAfter(0, "histograms");

  const size_t old_size = out->size();
  while (dec.remaining() > 0) {
    Item item;
    item.ref = WrappingAdd(base_ref, dec.Varint());
    item.t = static_cast<int64_t>(WrappingAdd(base_t, dec.Varint()));
    ReadBody(&dec, &BodyOf(item));
    if (!dec.ok()) {
      const size_t n = out->size() - old_size + 1;  // the cut entry counts
      return Rollback(out, old_size, DecodeErrorAfter(n, "histograms"));
    }
    out->push_back(std::move(item));
  }
  return Status::Ok();
}

// Header shared by both encoders; false when there is nothing to write.
template <typename Item>
bool AppendHistogramHeader(Type type, std::span<const Item> items, Bytes* out) {
  AppendByte(out, static_cast<uint8_t>(type));
  if (items.empty()) return false;
  AppendBE64(out, items.front().ref);
  AppendBE64(out, static_cast<uint64_t>(items.front().t));
  return true;
}

template <typename Item>
void AppendItemDeltas(const Item& item, const Item& first, Bytes* out) {
  AppendVarint(out, WrappingDelta(item.ref, first.ref));
  AppendVarint(out, WrappingDelta(static_cast<uint64_t>(item.t), static_cast<uint64_t>(first.t)));
}

}  // namespace

void EncodeHistogramSamples(std::span<const RefHistogramSample> histograms, Bytes* out) {
  if (!AppendHistogramHeader(Type::kHistogramSamples, histograms, out)) return;
  for (const RefHistogramSample& s : histograms) {
    AppendItemDeltas(s, histograms.front(), out);
    const Histogram& h = s.h;
    AppendByte(out, h.counter_reset_hint);
    AppendVarint(out, h.schema);
    AppendDouble(out, h.zero_threshold);
    AppendUvarint(out, h.zero_count);
    AppendUvarint(out, h.count);
    AppendDouble(out, h.sum);
    AppendSpans(out, h.positive_spans);
    AppendSpans(out, h.negative_spans);
    AppendUvarint(out, h.positive_buckets.size());
    for (int64_t b : h.positive_buckets) AppendVarint(out, b);
    AppendUvarint(out, h.negative_buckets.size());
    for (int64_t b : h.negative_buckets) AppendVarint(out, b);
  }
}

void EncodeFloatHistogramSamples(std::span<const RefFloatHistogramSample> histograms,
                                 Bytes* out) {
  if (!AppendHistogramHeader(Type::kFloatHistogramSamples, histograms, out)) return;
  for (const RefFloatHistogramSample& s : histograms) {
    AppendItemDeltas(s, histograms.front(), out);
    const FloatHistogram& h = s.fh;
    AppendByte(out, h.counter_reset_hint);
    AppendVarint(out, h.schema);
    AppendDouble(out, h.zero_threshold);
    AppendDouble(out, h.zero_count);
    AppendDouble(out, h.count);
    AppendDouble(out, h.sum);
    AppendSpans(out, h.positive_spans);
    AppendSpans(out, h.negative_spans);
    AppendUvarint(out, h.positive_buckets.size());
    for (double b : h.positive_buckets) AppendDouble(out, b);
    AppendUvarint(out, h.negative_buckets.size());
    for (double b : h.negative_buckets) AppendDouble(out, b);
  }
}

Status DecodeHistogramSamples(ByteView rec, std::vector<RefHistogramSample>* out) {
  return DecodeHistograms(rec, Type::kHistogramSamples, out);
}

Status DecodeFloatHistogramSamples(ByteView rec, std::vector<RefFloatHistogramSample>* out) {
  return DecodeHistograms(rec, Type::kFloatHistogramSamples, out);
}

}  // namespace tsdb::record
