// Properties of the index writer and reader.
//
// Round trip: for any set of distinct, non-empty label sets (any bytes in
// names and values, names non-empty) each with arbitrary chunk metas
// (arbitrary refs and times, so deltas wrap), writing them in label order
// with exactly their symbols (plus "") and reading the file back gives:
// the sorted symbols; every series, in order, with its labels and chunk
// metas; for every (name, value) the IDs of exactly the series carrying it;
// the label names and values; and a clean Verify. Writing twice gives the
// same bytes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/base/posix_filesystem.h"
#include "engine/index/index_reader.h"
#include "engine/index/index_writer.h"
#include "support/temp_dir.h"

namespace tsdb::index {
namespace {

rc::Gen<std::string> GenString() {
  return rc::gen::oneOf(rc::gen::just(std::string()),
                        rc::gen::container<std::string>(rc::gen::arbitrary<char>()),
                        rc::gen::element<std::string>("__name__", "job", "a", "b", "up",
                                                      std::string("\x00\xff", 2), "h\xc3\xa9"));
}

rc::Gen<std::string> GenName() {
  return rc::gen::suchThat(GenString(), [](const std::string& s) { return !s.empty(); });
}

rc::Gen<ChunkMeta> GenChunkMeta() {
  return rc::gen::build<ChunkMeta>(rc::gen::set(&ChunkMeta::ref, rc::gen::arbitrary<uint64_t>()),
                                   rc::gen::set(&ChunkMeta::min_time, rc::gen::arbitrary<int64_t>()),
                                   rc::gen::set(&ChunkMeta::max_time, rc::gen::arbitrary<int64_t>()));
}

struct Input {
  std::vector<Labels> labels;  // sorted, distinct
  std::vector<std::vector<ChunkMeta>> chunks;
};

Input MakeInput(const std::vector<std::map<std::string, std::string>>& sets) {
  std::set<Labels> sorted;
  for (const auto& m : sets) {
    if (m.empty()) continue;
    LabelsBuilder b;
    for (const auto& [n, v] : m) b.Add(n, v);  // std::map: already in name order
    sorted.insert(b.Build());
  }
  Input in;
  in.labels.assign(sorted.begin(), sorted.end());
  return in;
}

Bytes WriteIndex(Filesystem& fs, const std::string& path, const Input& in,
                 const std::vector<std::string>& symbols) {
  auto w = IndexWriter::Create(fs, path);
  RC_ASSERT(w.ok());
  for (const auto& s : symbols) RC_ASSERT((*w)->AddSymbol(s).ok());
  for (size_t i = 0; i < in.labels.size(); i++) {
    const Status s = (*w)->AddSeries(i, in.labels[i], in.chunks[i]);
    RC_ASSERT(s.ok());
  }
  RC_ASSERT((*w)->Close().ok());
  auto b = ReadWholeFile(fs, path);
  RC_ASSERT(b.ok());
  return *b;
}

RC_GTEST_PROP(IndexProperty, WriterReaderRoundTrip, ()) {
  const auto sets = *rc::gen::resize(
      40, rc::gen::container<std::vector<std::map<std::string, std::string>>>(
              rc::gen::container<std::map<std::string, std::string>>(GenName(), GenString())));
  Input in = MakeInput(sets);
  for (size_t i = 0; i < in.labels.size(); i++) {
    in.chunks.push_back(*rc::gen::resize(8, rc::gen::container<std::vector<ChunkMeta>>(GenChunkMeta())));
  }

  std::set<std::string> symbol_set = {""};
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> postings;
  std::map<std::string, std::set<std::string>> values;
  for (size_t i = 0; i < in.labels.size(); i++) {
    for (const Label& l : in.labels[i]) {
      symbol_set.emplace(l.name);
      symbol_set.emplace(l.value);
      postings[{std::string(l.name), std::string(l.value)}].push_back(i);
      values[std::string(l.name)].emplace(l.value);
    }
  }
  const std::vector<std::string> symbols(symbol_set.begin(), symbol_set.end());

  PosixFilesystem fs;
  tsdb::testing::TempDir dir;
  const Bytes file = WriteIndex(fs, dir.Join("index"), in, symbols);
  RC_ASSERT(WriteIndex(fs, dir.Join("again"), in, symbols) == file);

  auto r = IndexReader::Open(file, "index");
  RC_ASSERT(r.ok());
  RC_ASSERT(std::vector<std::string>((*r)->symbols().begin(), (*r)->symbols().end()) == symbols);

  auto all = (*r)->AllPostings();
  RC_ASSERT(all.ok());
  RC_ASSERT(all->size() == in.labels.size());
  IndexSeriesIterator it(**r, *all);
  for (size_t i = 0; i < in.labels.size(); i++) {
    RC_ASSERT(it.Next());
    RC_ASSERT(it.labels() == in.labels[i]);
    RC_ASSERT(it.chunks() == in.chunks[i]);
  }
  RC_ASSERT(!it.Next());
  RC_ASSERT(it.status().ok());

  for (const auto& [key, idx] : postings) {
    auto p = (*r)->Postings(key.first, key.second);
    RC_ASSERT(p.ok());
    std::vector<SeriesRef> want;
    for (size_t i : idx) want.push_back((*all)[i]);
    RC_ASSERT(p->ToVector() == want);
  }
  std::vector<std::string> names;
  for (const auto& [n, v] : values) names.push_back(n);
  const auto got_names = (*r)->LabelNames();
  RC_ASSERT(std::vector<std::string>(got_names.begin(), got_names.end()) == names);
  for (const auto& [n, vs] : values) {
    const auto got = (*r)->LabelValues(n);
    RC_ASSERT(std::vector<std::string>(got.begin(), got.end()) ==
              std::vector<std::string>(vs.begin(), vs.end()));
  }
  RC_ASSERT((*r)->Verify().ok());
}

}  // namespace
}  // namespace tsdb::index
