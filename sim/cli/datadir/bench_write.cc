// tsdbsim bench write: the workload of `promtool tsdb bench write` (2.42),
// run through tsdbsim's DB on the real filesystem, so the two can be timed
// side by side (tests/bench/compare_promtool.sh).
//
// Workload, as promtool: label sets read from FILE (the first N distinct
// ones); rounds of 100 scrapes; in each round the series are split into
// shards of 1000, each shard scraping 100 times with one appender and one
// commit per scrape, timestamps 30 s apart starting at round*100*30s + 30s,
// values starting at 123456789 and growing by 1000 per scrape. Series refs
// are cached within a shard's round, as promtool does. promtool runs the
// shards in parallel goroutines; tsdbsim's engine is single-threaded.
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/base/realtime_clock.h"
#include "engine/db/db.h"
#include "engine/db/go_format.h"
#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {

struct BenchOptions {
  std::string out = "benchout";
  int metrics = 10000;
  int scrapes = 3000;
  std::string file;
};

// promtool's reader: strip '"', '{', '}', split on ',' then ':'.
tsdb::Result<std::vector<tsdb::Labels>> ReadLabelSets(const std::string& path, int n) {
  std::ifstream in(path);
  if (!in) return tsdb::Status::NotFound("open " + path + ": no such file");
  std::vector<tsdb::Labels> out;
  std::set<uint64_t> seen;
  std::string line;
  int line_no = 0;
  tsdb::LabelsBuilder b;
  while (static_cast<int>(out.size()) < n && std::getline(in, line)) {
    line_no++;
    std::string s;
    for (char c : line) {
      if (c != '"' && c != '{' && c != '}') s += c;
    }
    b.Reset();
    size_t start = 0;
    while (start <= s.size()) {
      const size_t comma = std::min(s.find(',', start), s.size());
      const std::string pair = s.substr(start, comma - start);
      const size_t colon = pair.find(':');
      if (colon == std::string::npos) {
        return tsdb::Status::InvalidArgument(path + ":" + std::to_string(line_no) +
                                             ": expected name:value, got \"" + pair + "\"");
      }
      b.Add(pair.substr(0, colon), pair.substr(colon + 1));
      start = comma + 1;
    }
    b.Sort();
    tsdb::Labels l = b.Build();
    if (seen.insert(l.Hash()).second) out.push_back(std::move(l));
  }
  return out;
}

struct Sample {
  const tsdb::Labels* labels;
  int64_t value;
  uint64_t ref;
};

tsdb::Result<uint64_t> IngestShard(tsdb::db::DB& db, const tsdb::Labels* lbls, size_t n, int scrapes,
                                   int64_t base_t) {
  std::vector<Sample> scrape;
  scrape.reserve(n);
  for (size_t i = 0; i < n; i++) scrape.push_back({&lbls[i], 123456789, 0});
  uint64_t total = 0;
  int64_t ts = base_t;
  for (int i = 0; i < scrapes; i++) {
    auto app = db.Appender();
    ts += 30000;
    for (Sample& s : scrape) {
      s.value += 1000;
      auto ref = app->Append(s.ref, *s.labels, ts, static_cast<double>(s.value));
      if (!ref.ok()) return ref.status();
      s.ref = *ref;
      total++;
    }
    TSDB_RETURN_IF_ERROR(app->Commit());
  }
  return total;
}

void RunBenchWrite(const BenchOptions& o) {
  tsdb::PosixFilesystem fs;
  tsdb::RealtimeClock clock;
  tsdb::SplitMix64 random(static_cast<uint64_t>(clock.NowMs()));
  auto stage = [&](const char* name, const std::function<bool()>& fn) {
    std::printf(">> start stage=%s\n", name);
    const int64_t t0 = clock.MonotonicNs();
    const bool ok = fn();
    std::printf(">> completed stage=%s duration=%s\n", name, tsdb::db::GoDurationString(clock.MonotonicNs() - t0).c_str());
    return ok;
  };
  if (!fs.RemoveAll(o.out).ok() || !fs.MkdirAll(o.out).ok()) {
    std::fprintf(stderr, "tsdbsim bench write: cannot prepare %s\n", o.out.c_str());
    SetExitCode(2);
    return;
  }
  tsdb::db::DbOptions opts;
  opts.compaction_enabled = false;  // as promtool's DisableCompactions
  tsdb::db::OpenReport report;
  auto db = tsdb::db::DB::Open(&fs, tsdb::JoinPath(o.out, "storage"), opts, &clock, &random,
                               nullptr, nullptr, &report);
  if (!db.ok()) {
    std::fprintf(stderr, "tsdbsim bench write: %s\n", db.status().ToString().c_str());
    SetExitCode(1);
    return;
  }
  std::vector<tsdb::Labels> lbls;
  tsdb::Status err;
  stage("readData", [&] {
    auto r = ReadLabelSets(o.file, o.metrics);
    if (!r.ok()) err = r.status();
    else lbls = std::move(r).value();
    return r.ok();
  });
  if (!err.ok()) {
    std::fprintf(stderr, "tsdbsim bench write: %s\n", err.ToString().c_str());
    SetExitCode(2);
    return;
  }
  uint64_t total = 0;
  const int64_t t0 = clock.MonotonicNs();
  stage("ingestScrapes", [&] {
    for (int i = 0; i < o.scrapes && err.ok(); i += 100) {
      for (size_t off = 0; off < lbls.size() && err.ok(); off += 1000) {
        const size_t n = std::min<size_t>(1000, lbls.size() - off);
        auto got = IngestShard(**db, lbls.data() + off, n, 100, int64_t{30000} * i);
        if (!got.ok()) err = got.status();
        else total += *got;
      }
    }
    std::printf("ingestion completed\n");
    return err.ok();
  });
  const double secs = static_cast<double>(clock.MonotonicNs() - t0) / 1e9;
  std::printf(" > total samples: %llu\n", static_cast<unsigned long long>(total));
  std::printf(" > samples/sec: %g\n", static_cast<double>(total) / secs);
  stage("stopStorage", [&] { return (*db)->Close().ok(); });
  if (!err.ok()) {
    std::fprintf(stderr, "tsdbsim bench write: %s\n", err.ToString().c_str());
    SetExitCode(1);
  }
}

}  // namespace

void RegisterBenchWrite(CLI::App& app) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks");
  bench->require_subcommand(1);
  auto o = std::make_shared<BenchOptions>();
  CLI::App* write = bench->add_subcommand(
      "write", "Ingest the workload of `promtool tsdb bench write` and print samples/sec");
  write->add_option("--out", o->out, "Directory for the data (its storage/ is recreated)");
  write->add_option("--metrics", o->metrics, "Number of distinct label sets to use")->check(CLI::PositiveNumber);
  write->add_option("--scrapes", o->scrapes, "Number of scrapes of every series")->check(CLI::PositiveNumber);
  write->add_option("FILE", o->file, "Label sets, one {\"name\":\"value\",...} per line")->required();
  write->callback([o] { RunBenchWrite(*o); });
}

}  // namespace tsdbsim
