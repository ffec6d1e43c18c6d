// IndexReader::Verify: reads every byte 2.42's reader would only reach on
// demand (or never, for the legacy label indices) and checks its CRC.
#include <algorithm>

#include "engine/index/index_format.h"
#include "engine/index/index_reader.h"

namespace tsdb::index {

Status IndexReader::VerifyLabelIndices() const {
  TSDB_ASSIGN_OR_RETURN(const ByteView table,
                        Section(toc_.label_indices_table, "label offset table"));
  Decbuf d(table);
  uint32_t count = d.BE32();
  while (d.ok() && count-- > 0) {
    const uint64_t at = toc_.label_indices_table + kSectionLengthSizeBytes +
                        (table.size() - d.remaining());
    const uint64_t keys = d.Uvarint();
    for (uint64_t k = 0; k < keys && d.ok(); k++) d.UvarintStr();
    const uint64_t offset = d.Uvarint();
    if (!d.ok()) return Corrupt(at, std::string("label offset table: ") + d.err());
    TSDB_ASSIGN_OR_RETURN(const ByteView body, Section(offset, "label index"));
    Decbuf li(body);
    const uint64_t names = li.BE32();
    const uint64_t values = li.BE32();
    // names * values fits in 64 bits (both are 32-bit counts); 4 times it may not.
    if (!li.ok() || li.remaining() % 4 != 0 || li.remaining() / 4 != names * values) {
      return Corrupt(offset, "label index: length does not match its entry count");
    }
  }
  if (!d.ok()) return Corrupt(toc_.label_indices_table, std::string("label offset table: ") + d.err());
  return Status::Ok();
}

Status IndexReader::Verify() const {
  TSDB_RETURN_IF_ERROR(VerifyLabelIndices());
  for (const uint32_t pos : table_entries_) {
    const TableEntry e = DecodeEntry(pos);
    TSDB_ASSIGN_OR_RETURN(const PostingsView p, PostingsAt(e.offset));
    for (size_t i = 1; i < p.size(); i++) {
      if (p[i] <= p[i - 1]) return Corrupt(e.offset, "postings list not strictly increasing");
    }
  }
  TSDB_ASSIGN_OR_RETURN(const PostingsView all, AllPostings());
  IndexSeriesIterator it(*this, all);
  Labels prev;
  while (it.Next()) {
    if (it.ref() != all[0] && it.labels().Compare(prev) <= 0) {
      return Status::Corruption("index " + name_ + ": series " + std::to_string(it.ref()) +
                                " is out of label order");
    }
    prev = it.labels();
  }
  return it.status();
}

}  // namespace tsdb::index
