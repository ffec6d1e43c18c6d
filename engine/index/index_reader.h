// Reads a block index (format v2, and v1) from bytes the caller keeps alive,
// normally a read-only mapping of the file (PROMETHEUS.md §9.3, FORMAT.md).
//
// Open checks the header, the TOC, the symbol table and the postings offset
// table (each against its CRC), and builds two small lookup tables: every
// symbol as a view into the file, and where each label name's entries sit in
// the postings offset table (4 bytes per entry). After that, a series or a
// postings list costs one CRC check over its own bytes. Everything returned
// as a string_view or PostingsView points into the file's bytes.
//
// Every error is kCorruption naming the file and the byte offset at fault.
// The reader is immutable after Open, so concurrent readers may share it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/status.h"
#include "engine/index/chunk_meta.h"
#include "engine/index/postings.h"
#include "engine/labels/labels.h"

namespace tsdb::index {

struct Toc {
  uint64_t symbols = 0;
  uint64_t series = 0;
  uint64_t label_indices = 0;
  uint64_t label_indices_table = 0;
  uint64_t postings = 0;
  uint64_t postings_table = 0;
};

class IndexReader {
 public:
  // `data` is the whole index file and must outlive the reader; `name` (the
  // file's path) prefixes every error message.
  static Result<std::unique_ptr<IndexReader>> Open(ByteView data, std::string name);

  int version() const { return version_; }
  const Toc& toc() const { return toc_; }
  uint64_t size_bytes() const { return data_.size(); }
  const std::string& name() const { return name_; }

  // The symbol table in file order (sorted, deduplicated).
  std::span<const std::string_view> symbols() const { return symbols_; }
  // A symbol by reference: its ordinal in v2, its byte offset in v1.
  Result<std::string_view> Symbol(uint64_t ref) const;

  // The labels and chunk metas of the series with this ID (offset / 16 in
  // v2), CRC checked. `chunks` is cleared first.
  Status Series(SeriesRef id, Labels* labels, std::vector<ChunkMeta>* chunks) const;

  // The series IDs carrying name=value, ascending; empty when absent.
  Result<PostingsView> Postings(std::string_view name, std::string_view value) const;
  // Every series, in label order (the list under the empty name and value).
  Result<PostingsView> AllPostings() const;

  // Label names in byte order, without the all-postings key.
  std::vector<std::string_view> LabelNames() const;
  // Values of one label name in byte order; empty for an unknown name.
  std::vector<std::string_view> LabelValues(std::string_view name) const;

  // Number of (name, value) entries in the postings offset table, the
  // all-postings key included.
  size_t num_postings_entries() const { return table_entries_.size(); }

  // Deep check of what Open does not read: every series entry, every
  // postings list, the legacy label indices and their offset table.
  Status Verify() const;

 private:
  struct NameRange {
    std::string_view name;
    uint32_t begin = 0;  // into table_entries_
    uint32_t end = 0;
  };
  struct TableEntry {  // one decoded postings-offset-table entry
    std::string_view name;
    std::string_view value;
    uint64_t offset = 0;
  };

  IndexReader(ByteView data, std::string name) : data_(data), name_(std::move(name)) {}

  Status ReadHeaderAndToc();
  Status ReadSymbols();
  Status ReadPostingsTable();
  Status VerifyLabelIndices() const;

  // The body of a `u32 length | body | CRC` section at `offset`.
  Result<ByteView> Section(uint64_t offset, const char* what) const;
  Result<PostingsView> PostingsAt(uint64_t offset) const;
  TableEntry DecodeEntry(uint32_t pos) const;
  const NameRange* FindName(std::string_view name) const;
  Status Corrupt(uint64_t offset, const std::string& what) const;

  ByteView data_;
  std::string name_;
  int version_ = 0;
  Toc toc_;
  // Bytes before the TOC: no section may reach into it.
  uint64_t content_end_ = 0;

  std::vector<std::string_view> symbols_;
  std::vector<uint64_t> symbol_offsets_;  // v1 only: file offset of each symbol

  ByteView table_;                      // postings offset table body (after its length)
  uint64_t table_offset_ = 0;           // file offset of table_
  std::vector<uint32_t> table_entries_;  // entry positions in table_, sorted by (name, value)
  std::vector<NameRange> names_;         // sorted by name
};

// Walks series of one index in the order of a postings list, reusing its
// buffers: `while (it.Next()) use(it.ref(), it.labels(), it.chunks());`
// then check it.status().
class IndexSeriesIterator {
 public:
  IndexSeriesIterator(const IndexReader& reader, PostingsView postings)
      : reader_(&reader), view_(postings), size_(postings.size()) {}
  IndexSeriesIterator(const IndexReader& reader, std::vector<SeriesRef> refs)
      : reader_(&reader), owned_(std::move(refs)), use_owned_(true), size_(owned_.size()) {}

  bool Next();
  SeriesRef ref() const { return ref_; }
  const Labels& labels() const { return labels_; }
  const std::vector<ChunkMeta>& chunks() const { return chunks_; }
  const Status& status() const { return status_; }

 private:
  const IndexReader* reader_;
  PostingsView view_;
  std::vector<SeriesRef> owned_;
  bool use_owned_ = false;
  size_t size_ = 0;
  size_t next_ = 0;
  SeriesRef ref_ = 0;
  Labels labels_;
  std::vector<ChunkMeta> chunks_;
  Status status_;
};

}  // namespace tsdb::index
