// WAL write and read throughput on realistic samples records: 1000 series
// scraped at one timestamp, counter-like values (one scrape's commit).
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "engine/base/posix_filesystem.h"
#include "engine/record/record.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/wal.h"

namespace tsdb::wlog {
namespace {

Bytes ScrapeRecord(int64_t t, int series) {
  std::vector<record::RefSample> s;
  for (int i = 0; i < series; i++) {
    s.push_back({static_cast<uint64_t>(i + 1), t, static_cast<double>(t / 1000 * (i % 7 + 1))});
  }
  Bytes rec;
  record::EncodeSamples(s, &rec);
  return rec;
}

std::string MakeTempDir() {
  char tmpl[] = "/tmp/tsdbsim-bench-XXXXXX";
  TSDB_ASSERT(::mkdtemp(tmpl) != nullptr);
  return tmpl;
}

void BM_WalWrite(benchmark::State& state) {
  const bool compress = state.range(0) != 0;
  PosixFilesystem fs;
  const std::string dir = MakeTempDir();
  auto w = Wal::Open(&fs, dir, {.compress = compress});
  TSDB_ASSERT(w.ok());
  std::vector<Bytes> recs;
  for (int i = 0; i < 64; i++) recs.push_back(ScrapeRecord(1'700'000'000'000 + i * 15000, 1000));
  int64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const Bytes& rec = recs[i++ % recs.size()];
    TSDB_ASSERT((*w)->Log(rec).ok());
    bytes += static_cast<int64_t>(rec.size());
  }
  state.SetBytesProcessed(bytes);  // logical record bytes, before compression
  state.counters["segments"] = (*w)->current_segment() + 1;
  TSDB_ASSERT((*w)->Close().ok());
  TSDB_ASSERT(fs.RemoveAll(dir).ok());
}
BENCHMARK(BM_WalWrite)->Arg(0)->Arg(1)->ArgNames({"snappy"})->MinTime(2.0)->UseRealTime();

void BM_WalRead(benchmark::State& state) {
  const bool compress = state.range(0) != 0;
  PosixFilesystem fs;
  const std::string dir = MakeTempDir();
  {
    auto w = Wal::Open(&fs, dir, {.compress = compress});
    for (int i = 0; i < 4000; i++) {
      TSDB_ASSERT((*w)->Log(ScrapeRecord(1'700'000'000'000 + i * 15000, 1000)).ok());
    }
    TSDB_ASSERT((*w)->Close().ok());
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    auto r = SegmentRangeReader::OpenDir(fs, dir);
    TSDB_ASSERT(r.ok());
    while ((*r)->reader().Next()) bytes += static_cast<int64_t>((*r)->reader().Record().size());
    TSDB_ASSERT(!(*r)->reader().Err().has_value());
  }
  state.SetBytesProcessed(bytes);
  TSDB_ASSERT(fs.RemoveAll(dir).ok());
}
BENCHMARK(BM_WalRead)->Arg(0)->Arg(1)->ArgNames({"snappy"})->UseRealTime();

}  // namespace
}  // namespace tsdb::wlog
