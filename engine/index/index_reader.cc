// Opening an index: header, TOC, symbol table, postings offset table.
#include "engine/index/index_reader.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <tuple>

#include "engine/base/crc32c.h"
#include "engine/index/index_format.h"

namespace tsdb::index {
namespace {

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%" PRIx32, v);
  return buf;
}

}  // namespace

Status IndexReader::Corrupt(uint64_t offset, const std::string& what) const {
  return Status::Corruption("index " + name_ + " at offset " + std::to_string(offset) + ": " +
                            what);
}

Result<std::unique_ptr<IndexReader>> IndexReader::Open(ByteView data, std::string name) {
  std::unique_ptr<IndexReader> r(new IndexReader(data, std::move(name)));
  TSDB_RETURN_IF_ERROR(r->ReadHeaderAndToc());
  TSDB_RETURN_IF_ERROR(r->ReadSymbols());
  TSDB_RETURN_IF_ERROR(r->ReadPostingsTable());
  return r;
}

Status IndexReader::ReadHeaderAndToc() {
  if (data_.size() < kIndexHeaderSizeBytes) return Corrupt(0, "index header: invalid size");
  if (const uint32_t magic = GetBE32(data_.data()); magic != kIndexMagic) {
    return Corrupt(0, "invalid magic number " + Hex(magic));
  }
  version_ = data_[4];
  if (version_ != kIndexFormatV1 && version_ != kIndexFormatV2) {
    return Corrupt(4, "unknown index file version " + std::to_string(version_));
  }
  if (data_.size() < kIndexHeaderSizeBytes + kTocSizeBytes) {
    return Corrupt(data_.size(), "read TOC: invalid size");
  }
  content_end_ = data_.size() - kTocSizeBytes;
  const uint8_t* toc = data_.data() + content_end_;
  const uint32_t want = GetBE32(toc + kTocEntries * 8);
  const uint32_t got = Crc32c(ByteView(toc, kTocEntries * 8));
  if (want != got) {
    return Corrupt(content_end_, "read TOC: checksum mismatch (stored " + Hex(want) +
                                     ", computed " + Hex(got) + ")");
  }
  uint64_t* fields[kTocEntries] = {&toc_.symbols,  &toc_.series,   &toc_.label_indices,
                                   &toc_.label_indices_table, &toc_.postings,
                                   &toc_.postings_table};
  for (int i = 0; i < kTocEntries; i++) {
    *fields[i] = GetBE64(toc + 8 * i);
    if (*fields[i] > content_end_) {
      return Corrupt(content_end_ + 8 * static_cast<uint64_t>(i),
                     "read TOC: section offset " + std::to_string(*fields[i]) +
                         " beyond the end of the index");
    }
  }
  return Status::Ok();
}

Result<ByteView> IndexReader::Section(uint64_t offset, const char* what) const {
  if (offset > content_end_ || content_end_ - offset < kSectionLengthSizeBytes) {
    return Corrupt(offset, std::string(what) + ": invalid size (no room for the length)");
  }
  const uint64_t len = GetBE32(data_.data() + offset);
  const uint64_t body_at = offset + kSectionLengthSizeBytes;
  if (content_end_ - body_at < len + kCrcSizeBytes) {
    return Corrupt(offset, std::string(what) + ": invalid size (length " + std::to_string(len) +
                               " runs past the end of the index)");
  }
  const ByteView body = data_.subspan(body_at, len);
  const uint32_t want = GetBE32(data_.data() + body_at + len);
  const uint32_t got = Crc32c(body);
  if (want != got) {
    return Corrupt(offset, std::string(what) + ": checksum mismatch (stored " + Hex(want) +
                               ", computed " + Hex(got) + ")");
  }
  return body;
}

Status IndexReader::ReadSymbols() {
  TSDB_ASSIGN_OR_RETURN(const ByteView body, Section(toc_.symbols, "symbol table"));
  Decbuf d(body);
  const uint32_t count = d.BE32();
  // Every symbol takes at least its one-byte length.
  if (!d.ok() || count > d.remaining()) {
    return Corrupt(toc_.symbols, "symbol table: invalid symbol count " + std::to_string(count));
  }
  const uint64_t body_at = toc_.symbols + kSectionLengthSizeBytes;
  symbols_.reserve(count);
  if (version_ == kIndexFormatV1) symbol_offsets_.reserve(count);
  for (uint32_t i = 0; i < count; i++) {
    const uint64_t at = body_at + (body.size() - d.remaining());
    const std::string_view s = d.UvarintStr();
    if (!d.ok()) return Corrupt(at, std::string("symbol table: ") + d.err());
    symbols_.push_back(s);
    if (version_ == kIndexFormatV1) symbol_offsets_.push_back(at);
  }
  return Status::Ok();
}

IndexReader::TableEntry IndexReader::DecodeEntry(uint32_t pos) const {
  // Entries were validated by ReadPostingsTable.
  Decbuf d(table_.subspan(pos));
  d.Uvarint();  // key count
  TableEntry e;
  e.name = d.UvarintStr();
  e.value = d.UvarintStr();
  e.offset = d.Uvarint();
  return e;
}

Status IndexReader::ReadPostingsTable() {
  TSDB_ASSIGN_OR_RETURN(const ByteView body, Section(toc_.postings_table, "postings offset table"));
  table_ = body;
  table_offset_ = toc_.postings_table + kSectionLengthSizeBytes;
  Decbuf d(body);
  uint32_t count = d.BE32();
  // Like 2.42, stop at the stated count or at the end of the table.
  bool sorted = true;
  TableEntry prev;
  while (d.ok() && d.remaining() > 0 && count > 0) {
    const auto pos = static_cast<uint32_t>(body.size() - d.remaining());
    if (const uint64_t keys = d.Uvarint(); d.ok() && keys != 2) {
      return Corrupt(table_offset_ + pos, "unexpected number of keys for postings offset table " +
                                              std::to_string(keys));
    }
    TableEntry e;
    e.name = d.UvarintStr();
    e.value = d.UvarintStr();
    e.offset = d.Uvarint();
    if (!d.ok()) return Corrupt(table_offset_ + pos, std::string("postings offset table: ") + d.err());
    if (!table_entries_.empty() && std::tie(e.name, e.value) <= std::tie(prev.name, prev.value)) {
      sorted = false;
    }
    table_entries_.push_back(pos);
    prev = e;
    count--;
  }
  if (!d.ok()) return Corrupt(table_offset_, std::string("postings offset table: ") + d.err());
  // v2 tables are sorted on disk; v1 tables follow the writer's hash order.
  if (!sorted) {
    std::sort(table_entries_.begin(), table_entries_.end(), [&](uint32_t a, uint32_t b) {
      const TableEntry x = DecodeEntry(a), y = DecodeEntry(b);
      return std::tie(x.name, x.value) < std::tie(y.name, y.value);
    });
  }
  for (uint32_t i = 0; i < table_entries_.size(); i++) {
    const std::string_view name = DecodeEntry(table_entries_[i]).name;
    if (names_.empty() || names_.back().name != name) names_.push_back({name, i, i});
    names_.back().end = i + 1;
  }
  return Status::Ok();
}

const IndexReader::NameRange* IndexReader::FindName(std::string_view name) const {
  const auto it = std::lower_bound(names_.begin(), names_.end(), name,
                                   [](const NameRange& r, std::string_view n) { return r.name < n; });
  return it != names_.end() && it->name == name ? &*it : nullptr;
}

std::vector<std::string_view> IndexReader::LabelNames() const {
  std::vector<std::string_view> out;
  out.reserve(names_.size());
  for (const NameRange& r : names_) {
    if (r.name != "") out.push_back(r.name);
  }
  return out;
}

std::vector<std::string_view> IndexReader::LabelValues(std::string_view name) const {
  std::vector<std::string_view> out;
  const NameRange* r = FindName(name);
  if (r == nullptr) return out;
  out.reserve(r->end - r->begin);
  for (uint32_t i = r->begin; i < r->end; i++) out.push_back(DecodeEntry(table_entries_[i]).value);
  return out;
}

}  // namespace tsdb::index
