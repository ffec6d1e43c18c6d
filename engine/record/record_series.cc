// Series (type 1) and metadata (type 6): the per-series records.
#include "engine/record/record.h"
#include "engine/record/record_internal.h"

namespace tsdb::record {

using namespace internal;  // NOLINT: this file's helpers

void EncodeSeries(std::span<const RefSeries> series, Bytes* out) {
  AppendByte(out, static_cast<uint8_t>(Type::kSeries));
  for (const RefSeries& s : series) {
    AppendBE64(out, s.ref);
    AppendLabels(out, s.labels);
  }
}

Status DecodeSeries(ByteView rec, std::vector<RefSeries>* out) {
  if (GetType(rec) != Type::kSeries) return InvalidRecordType();
  Decbuf dec(rec.subspan(format::kTypeBytes));
  const size_t old_size = out->size();
  // Entries run to the end of the record; a cut entry fails a read.
  while (dec.remaining() > 0) {
    RefSeries s;
    s.ref = dec.BE64();
    if (!ReadLabels(&dec, &s.labels)) return Rollback(out, old_size, InvalidSize());
    out->push_back(std::move(s));
  }
  return Status::Ok();
}

void EncodeMetadata(std::span<const RefMetadata> metadata, Bytes* out) {
  AppendByte(out, static_cast<uint8_t>(Type::kMetadata));
  for (const RefMetadata& m : metadata) {
    AppendUvarint(out, m.ref);  // uvarint here, unlike every other record's refs
    AppendByte(out, m.type);
    AppendUvarint(out, format::kMetadataFieldCount);
    AppendString(out, format::kMetadataUnitField);
    AppendString(out, m.unit);
    AppendString(out, format::kMetadataHelpField);
    AppendString(out, m.help);
  }
}

Status DecodeMetadata(ByteView rec, std::vector<RefMetadata>* out) {
  if (GetType(rec) != Type::kMetadata) return InvalidRecordType();
  Decbuf dec(rec.subspan(format::kTypeBytes));
  const size_t old_size = out->size();
  while (dec.remaining() > 0) {
    RefMetadata m;
    m.ref = dec.Uvarint();
    m.type = dec.Byte();
    const size_t fields = GoCount(dec.Uvarint());
    // Unknown fields are read and dropped so the next entry stays aligned.
    for (size_t i = 0; i < fields && dec.ok(); i++) {
      const std::string_view name = dec.UvarintStr();
      const std::string_view value = dec.UvarintStr();
      if (name == format::kMetadataUnitField) {
        m.unit.assign(value);
      } else if (name == format::kMetadataHelpField) {
        m.help.assign(value);
      }
    }
    if (!dec.ok()) return Rollback(out, old_size, InvalidSize());
    out->push_back(std::move(m));
  }
  return Status::Ok();
}

}  // namespace tsdb::record
