// Lookups on an open index: symbols, series entries, postings lists.
#include "engine/index/index_reader.h"

#include <algorithm>

#include "engine/base/crc32c.h"
#include "engine/index/index_format.h"
#include "engine/index/series_codec.h"

namespace tsdb::index {

Result<std::string_view> IndexReader::Symbol(uint64_t ref) const {
  if (version_ == kIndexFormatV2) {
    if (ref >= symbols_.size()) {
      return Status::Corruption("index " + name_ + ": unknown symbol offset " + std::to_string(ref));
    }
    return symbols_[ref];
  }
  const auto it = std::lower_bound(symbol_offsets_.begin(), symbol_offsets_.end(), ref);
  if (it == symbol_offsets_.end() || *it != ref) {
    return Status::Corruption("index " + name_ + ": unknown symbol offset " + std::to_string(ref));
  }
  return symbols_[static_cast<size_t>(it - symbol_offsets_.begin())];
}

Status IndexReader::Series(SeriesRef id, Labels* labels, std::vector<ChunkMeta>* chunks) const {
  // v2 IDs address 16-byte slots; v1 IDs are plain offsets.
  const uint64_t scale = version_ == kIndexFormatV2 ? kSeriesAlignment : 1;
  if (id > content_end_ / scale) {
    return Status::Corruption("index " + name_ + ": series " + std::to_string(id) +
                              " lies beyond the end of the index");
  }
  const uint64_t offset = id * scale;
  if (offset < kIndexHeaderSizeBytes) return Corrupt(offset, "series ID points into the header");

  uint64_t len = 0;
  const uint64_t avail = content_end_ - offset;
  const int n = DecodeUvarint(data_.data() + offset, std::min<uint64_t>(avail, kMaxVarintBytes), &len);
  if (n <= 0) return Corrupt(offset, "series entry: invalid length");
  const uint64_t body_at = offset + static_cast<uint64_t>(n);
  if (content_end_ - body_at < kCrcSizeBytes || len > content_end_ - body_at - kCrcSizeBytes) {
    return Corrupt(offset, "series entry: invalid size (length " + std::to_string(len) +
                               " runs past the end of the index)");
  }
  const ByteView body = data_.subspan(body_at, len);
  const uint32_t want = GetBE32(data_.data() + body_at + len);
  if (const uint32_t got = Crc32c(body); want != got) {
    return Corrupt(offset, "series entry: checksum mismatch");
  }

  std::vector<LabelRef> refs;
  if (const char* err = DecodeSeriesContent(body, &refs, chunks); err != nullptr) {
    return Corrupt(offset, std::string("read series: ") + err);
  }
  LabelsBuilder b;
  size_t bytes = 0;
  for (const LabelRef& r : refs) {
    auto name = Symbol(r.name);
    auto value = Symbol(r.value);
    if (!name.ok() || !value.ok()) {
      return Corrupt(offset, "read series: lookup label symbol: " +
                                 (name.ok() ? value.status() : name.status()).message());
    }
    bytes += name->size() + value->size() + 2 * kMaxVarintBytes;
    if (bytes > Labels::kMaxEncodedBytes) return Corrupt(offset, "read series: label set too large");
    b.Add(*name, *value);
  }
  *labels = b.Build();
  return Status::Ok();
}

Result<PostingsView> IndexReader::PostingsAt(uint64_t offset) const {
  TSDB_ASSIGN_OR_RETURN(const ByteView body, Section(offset, "postings list"));
  Decbuf d(body);
  const uint64_t n = d.BE32();
  if (!d.ok() || d.remaining() != 4 * n) {
    return Corrupt(offset, "unexpected postings length, should be " + std::to_string(4 * n) +
                               " bytes for " + std::to_string(n) + " postings, got " +
                               std::to_string(d.remaining()) + " bytes");
  }
  return PostingsView(d.rest());
}

Result<PostingsView> IndexReader::Postings(std::string_view name, std::string_view value) const {
  const NameRange* r = FindName(name);
  if (r == nullptr) return PostingsView();
  const auto first = table_entries_.begin() + r->begin;
  const auto last = table_entries_.begin() + r->end;
  const auto it = std::lower_bound(first, last, value, [&](uint32_t pos, std::string_view v) {
    return DecodeEntry(pos).value < v;
  });
  if (it == last) return PostingsView();
  const TableEntry e = DecodeEntry(*it);
  if (e.value != value) return PostingsView();
  return PostingsAt(e.offset);
}

Result<PostingsView> IndexReader::AllPostings() const {
  return Postings(kAllPostingsName, kAllPostingsValue);
}

bool IndexSeriesIterator::Next() {
  if (!status_.ok() || next_ >= size_) return false;
  ref_ = use_owned_ ? owned_[next_] : view_[next_];
  next_++;
  status_ = reader_->Series(ref_, &labels_, &chunks_);
  return status_.ok();
}

}  // namespace tsdb::index
