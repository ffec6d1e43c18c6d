// Block index fuzzer: IndexReader::Open on the bytes, then what queries and
// compaction ask of an index: symbols, label names and values, postings of
// (name, value) pairs, series (labels and chunk metas) along postings lists,
// and Verify. Work per input is bounded: at most kMaxItems lookups of each
// kind.
//
// Input: byte 0 bit 0 set = repair the CRCs the reader will check (TOC,
// symbols, offset tables, postings lists, series, label indices) first; the
// rest is the index file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/index/index_reader.h"
#include "tests/fuzz/crc_fixup.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace index = tsdb::index;
constexpr size_t kMaxItems = 256;

void CheckError(const tsdb::Status& s) {
  FUZZ_CHECK(s.code() == tsdb::StatusCode::kCorruption, "%s", s.ToString().c_str());
  FUZZ_CHECK(s.message().rfind("index fuzz/index", 0) == 0, "error does not name the file: %s",
             s.message().c_str());
}

// Walks at most kMaxItems series of a postings list.
void WalkSeries(const index::IndexReader& r, index::PostingsView p) {
  std::vector<index::SeriesRef> refs;
  for (size_t i = 0; i < p.size() && i < kMaxItems; i++) refs.push_back(p[i]);
  index::IndexSeriesIterator it(r, std::move(refs));
  while (it.Next()) {
  }
  if (!it.status().ok()) CheckError(it.status());
}

void Explore(const index::IndexReader& r) {
  for (size_t i = 0; i < r.symbols().size() && i < kMaxItems; i++) {
    const uint64_t ref = r.version() == 2 ? i : i * 7;  // v1 refs are offsets
    (void)r.Symbol(ref);
  }
  size_t lookups = 0;
  for (const std::string_view name : r.LabelNames()) {
    for (const std::string_view value : r.LabelValues(name)) {
      if (++lookups > kMaxItems) break;
      auto p = r.Postings(name, value);
      if (!p.ok()) {
        CheckError(p.status());
        continue;
      }
      if (lookups <= 8) WalkSeries(r, *p);
    }
    if (lookups > kMaxItems) break;
  }
  auto all = r.AllPostings();
  if (all.ok()) {
    WalkSeries(r, *all);
  } else {
    CheckError(all.status());
  }
  // A few series IDs, valid or not: first, last, the series section.
  tsdb::Labels labels;
  std::vector<index::ChunkMeta> chunks;
  for (uint64_t id : {uint64_t{0}, uint64_t{1}, r.size_bytes() / 16, r.toc().series / 16,
                      r.toc().series}) {
    if (const tsdb::Status s = r.Series(id, &labels, &chunks); !s.ok()) CheckError(s);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  tsdb::fuzz::MutableBytes file(data + 1, data + size);
  if ((data[0] & 1) != 0) tsdb::fuzz::FixIndexCrcs(&file, kMaxItems);
  auto r = index::IndexReader::Open(file, "fuzz/index");
  if (!r.ok()) {
    CheckError(r.status());
    return 0;
  }
  Explore(**r);
  // Verify walks everything; the input size (-max_len) bounds it.
  if (const tsdb::Status s = (*r)->Verify(); !s.ok()) CheckError(s);
  return 0;
}
