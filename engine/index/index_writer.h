// Writes a block index in format v2, byte for byte as Prometheus 2.42's
// index.Writer does given the same symbols and series (PROMETHEUS.md §9.3,
// FORMAT.md beside this file).
//
// Usage mirrors 2.42: every symbol first, via AddSymbol in strictly increasing
// byte order; then every series via AddSeries in label-set order; then Close.
// Unlike 2.42, postings are collected in memory (one (label, series) pair per
// label of every series) instead of in two temporary files, so the only file
// touched is the index itself.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/index/chunk_meta.h"
#include "engine/index/postings.h"
#include "engine/labels/labels.h"

namespace tsdb::index {

class IndexWriter {
 public:
  // Creates (or truncates) the file at path and writes the header.
  static Result<std::unique_ptr<IndexWriter>> Create(Filesystem& fs, const std::string& path);

  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;
  ~IndexWriter();

  // Adds the next symbol; symbols must be strictly increasing (bytewise).
  Status AddSymbol(std::string_view symbol);

  // Adds the next series. Label sets must be strictly increasing
  // (labels::Compare) and every name and value must be a symbol. `ref` is
  // only checked for not going backwards, as in 2.42; the series' ID in the
  // file is its 16-byte aligned offset / 16.
  Status AddSeries(SeriesRef ref, const Labels& labels, std::span<const ChunkMeta> chunks);

  // Writes label indices, postings, both offset tables and the TOC, then
  // fsyncs and closes the file. Must be called exactly once.
  Status Close();

  uint64_t bytes_written() const { return pos_; }

 private:
  enum class Stage : uint8_t { kNone, kSymbols, kSeries, kDone };
  struct Posting {
    uint64_t key;  // name symbol << 32 | value symbol
    uint32_t series_id;
  };
  struct Toc {
    uint64_t symbols = 0, series = 0, label_indices = 0, label_indices_table = 0, postings = 0,
             postings_table = 0;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  IndexWriter(std::unique_ptr<WritableFile> file);

  Status EnsureStage(Stage s);
  Status FinishSymbols();
  Status WriteLabelIndices();
  Status WritePostings();
  Status WriteLabelOffsetTable();
  Status WritePostingsOffsetTable();
  Status WriteToc();
  Result<uint32_t> SymbolRef(std::string_view s) const;

  // Buffered output; pos_ counts every byte handed over.
  Status Write(ByteView b);
  Status Pad(uint64_t alignment);
  Status WriteSection(const Encbuf& body);  // u32 length | body | CRC(body)
  Status Flush();

  std::unique_ptr<WritableFile> file_;
  Bytes buf_;
  uint64_t pos_ = 0;
  Stage stage_ = Stage::kNone;
  Toc toc_;
  Status sticky_;  // the first failure; every later call returns it

  std::vector<std::string> symbols_;
  std::unordered_map<std::string_view, uint32_t, StringHash, std::equal_to<>> symbol_refs_;

  Labels last_series_;
  SeriesRef last_ref_ = 0;
  std::vector<uint32_t> all_series_;
  std::vector<Posting> postings_;

  // Filled while writing, read by the tables that follow.
  struct LabelIndexEntry {
    uint32_t name;
    uint64_t offset;
  };
  struct PostingsEntry {
    uint64_t key;
    uint64_t offset;
  };
  std::vector<LabelIndexEntry> label_index_offsets_;
  std::vector<PostingsEntry> postings_offsets_;  // the first is the all-postings list

  Encbuf scratch_;
  Encbuf scratch2_;
};

}  // namespace tsdb::index
