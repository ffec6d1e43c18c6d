// Interop with Debian's prometheus 2.42 package (DESIGN.md §7). tsdbsim's
// engine writes a data directory the way a Prometheus server would after
// nine hours of 15 s scrapes -- several blocks, a WAL checkpoint, several
// snappy-compressed WAL segments, mmapped chunks in chunks_head/ -- then:
//   * promtool lists, analyzes and dumps it (a copy: its read-only open may
//     write chunks_head files), and the dump is exactly what was committed;
//   * a real Prometheus starts on another copy, replays it without a word
//     about corruption, and its query API returns exactly those samples;
//   * tsdbsim reopens the directory Prometheus ran on and finds them all.
// Missing binaries fail the tests: nothing is skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/block/block_list.h"
#include "engine/block/meta.h"
#include "engine/db/db.h"
#include "engine/labels/labels.h"
#include "engine/wlog/checkpoint.h"
#include "engine/wlog/segments.h"
#include "interop/http_get.h"
#include "interop/subprocess.h"
#include "support/db_samples.h"
#include "support/temp_dir.h"

namespace tsdb::interop {
namespace {

using tsdb::testing::SampleSet;
using namespace std::chrono_literals;

const std::string kPromtool = "/usr/bin/promtool";
const std::string kPrometheus = "/usr/bin/prometheus";
const char kMissing[] = " is missing: install Debian's prometheus package (scripts/setup)";

constexpr int64_t kScrapeMs = 15'000;
constexpr int64_t kHourMs = 3'600'000;
constexpr int kScrapes = 9 * 3600 / 15;  // nine hours of scrapes
constexpr int kSeries = 50;
constexpr uint64_t kStaleNaN = 0x7ff0000000000002;  // value.StaleNaN
constexpr auto kCommandTimeout = 60s;

const char kCounter[] = "interop_requests_total";
const char kGauge[] = "interop_temperature_celsius";

// Series 0-24 are counters, 25-49 gauges. 40-44 vanish after 4 h (with a
// stale marker, as a scrape would write), 45-49 appear at 5 h: blocks hold
// different series sets and the head GCs series. Series 30 has a label
// value that needs Go quoting.
struct SeriesSpec {
  Labels labels;
  std::string text;  // labels.ToString(): promtool's and Go's rendering
  std::string metric;
  int first_scrape = 0, end_scrape = kScrapes;  // [first, end)
  bool stale_at_end = false;
};

SeriesSpec MakeSeries(int i) {
  SeriesSpec s;
  s.metric = i < 25 ? kCounter : kGauge;
  const std::string id = std::to_string(i), instance = "host-" + std::to_string(i % 5) + ":9100";
  if (i < 25) {
    s.labels = Labels::FromStrings({"__name__", s.metric, "code", i % 3 == 0 ? "200" : "500", "id",
                                    id, "instance", instance, "job", "tsdbsim"});
  } else if (i == 30) {
    s.labels = Labels::FromStrings({"__name__", s.metric, "id", id, "instance", instance, "job",
                                    "tsdbsim", "note", "say \"hi\" \xC3\xBC\\ \t"});
  } else {
    s.labels = Labels::FromStrings(
        {"__name__", s.metric, "id", id, "instance", instance, "job", "tsdbsim"});
  }
  s.text = s.labels.ToString();
  if (i >= 40 && i < 45) {
    s.end_scrape = 4 * 240;
    s.stale_at_end = true;
  }
  if (i >= 45) s.first_scrape = 5 * 240;
  return s;
}

// Halves and integers only: exact in binary and in promtool's %g.
double Value(int i, int k) {
  if (i < 25) return static_cast<double>(k * (i % 7 + 1) * 2 + i) / 2;
  return static_cast<double>((k * 7 + i * 13) % 401 - 200) / 2;
}

// Grid time plus a few milliseconds of per-series jitter, as real scrapes have.
int64_t Timestamp(int64_t first, int i, int k) {
  return first + k * kScrapeMs + i * 3 + (k * 31) % 5;
}

bool SameValue(uint64_t a, uint64_t b, bool any_nan) {
  if (a == b) return true;
  return any_nan && std::isnan(std::bit_cast<double>(a)) && std::isnan(std::bit_cast<double>(b));
}

std::string Sample(const std::string& series, int64_t t, uint64_t v) {
  std::ostringstream s;
  s << series << " @" << t << " = " << std::bit_cast<double>(v) << " (0x" << std::hex << v << ")";
  return s.str();
}

// want == got, reporting counts and the first differences rather than two
// hundred thousand samples. any_nan: every NaN equals every NaN (text output
// cannot carry a stale marker's bits).
::testing::AssertionResult SameSamples(const SampleSet& want, const SampleSet& got, bool any_nan) {
  size_t nwant = 0, ngot = 0, ndiff = 0;
  std::string diffs;
  auto note = [&](const std::string& d) {
    if (++ndiff <= 8) diffs += "\n  " + d;
  };
  for (const auto& [series, samples] : want) {
    nwant += samples.size();
    const auto g = got.find(series);
    for (const auto& [t, v] : samples) {
      if (g == got.end() || !g->second.contains(t)) {
        note("missing " + Sample(series, t, v));
      } else if (!SameValue(v, g->second.at(t), any_nan)) {
        note("wrong " + Sample(series, t, g->second.at(t)) + ", want " + Sample(series, t, v));
      }
    }
  }
  for (const auto& [series, samples] : got) {
    ngot += samples.size();
    const auto w = want.find(series);
    for (const auto& [t, v] : samples) {
      if (w == want.end() || !w->second.contains(t)) note("unexpected " + Sample(series, t, v));
    }
  }
  if (ndiff == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << ndiff << " differences (want " << nwant << " samples in " << want.size()
         << " series, got " << ngot << " in " << got.size() << "):" << diffs;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string f; in >> f;) out.push_back(f);
  return out;
}

std::string Describe(const CommandResult& r) {
  std::string s = "exit " + std::to_string(r.exit_code);
  if (r.timed_out) s += " (timed out, killed)";
  if (!r.error.empty()) s += " (" + r.error + ")";
  return s + "\nstderr:\n" + r.err.substr(0, 4000) + "\nstdout (start):\n" + r.out.substr(0, 2000);
}

// The directory tsdbsim wrote, once per test process.
struct Written {
  tsdb::testing::TempDir tmp;
  std::string data_dir = tmp.Join("data");
  std::vector<SeriesSpec> series;
  SampleSet want;  // every committed sample
  size_t total_samples = 0;
  std::map<std::string, SampleSet> by_metric;  // without stale markers (queries skip them)
  int64_t first_t = 0, last_t = 0;
  std::vector<block::BlockMeta> blocks;  // as the DB held them at Close
  double write_seconds = 0;
};

class InteropTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    written_ = new Written;
    // The only read of the wall clock: Prometheus's query API and 15 d
    // retention want recent data. Everything else follows from it.
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    write_error_ = Write(written_, now_ms);
  }
  static void TearDownTestSuite() {
    delete written_;
    written_ = nullptr;
  }

  // Nine hours of scrapes ending a little before now_ms.
  static std::string Write(Written* w, int64_t now_ms) {
    const auto start = std::chrono::steady_clock::now();
    const int64_t first = (now_ms / kScrapeMs - kScrapes - 1) * kScrapeMs;
    w->first_t = first;
    for (int i = 0; i < kSeries; i++) w->series.push_back(MakeSeries(i));

    PosixFilesystem fs;
    db::DbOptions o;
    o.head.chunk_range_ms = 2 * kHourMs;  // Prometheus's default block duration
    o.wal.segment_size_bytes = 64 * 1024;
    o.wal.compress = true;  // Prometheus's default
    o.block_chunk_segment_size_bytes = 1 << 20;
    ManualClock clock(first);
    SplitMix64 random(0x2420);
    db::OpenReport report;
    auto opened = db::DB::Open(&fs, w->data_dir, o, &clock, &random, nullptr, nullptr, &report);
    if (!opened.ok()) return "DB::Open: " + opened.status().ToString();
    std::unique_ptr<db::DB> db = std::move(opened).value();
    std::vector<uint64_t> refs(kSeries, 0);
    for (int k = 0; k < kScrapes; k++) {
      clock.Set(Timestamp(first, kSeries - 1, k));
      auto app = db->Appender();
      for (int i = 0; i < kSeries; i++) {
        const SeriesSpec& s = w->series[i];
        const bool live = k >= s.first_scrape && k < s.end_scrape;
        if (!live && !(s.stale_at_end && k == s.end_scrape)) continue;
        const int64_t t = Timestamp(first, i, k);
        const uint64_t bits = live ? std::bit_cast<uint64_t>(Value(i, k)) : kStaleNaN;
        auto ref = app->Append(refs[i], s.labels, t, std::bit_cast<double>(bits));
        if (!ref.ok()) return "Append " + Sample(s.text, t, bits) + ": " + ref.status().ToString();
        refs[i] = live ? *ref : 0;
        w->want[s.text][t] = bits;
        w->total_samples++;
        if (live) w->by_metric[s.metric][s.text][t] = bits;
        w->last_t = std::max(w->last_t, t);
      }
      if (Status st = app->Commit(); !st.ok()) return "Commit: " + st.ToString();
    }
    w->blocks = db->blocks();
    if (Status st = db->Close(); !st.ok()) return "Close: " + st.ToString();
    w->write_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return "";
  }

  void SetUp() override { ASSERT_TRUE(write_error_.empty()) << write_error_; }

  // A private copy of the written directory.
  std::string CopyOf(const std::string& name) {
    const std::string dir = written_->tmp.Join(name);
    const Status st = tsdb::CopyTree(fs_, written_->data_dir, dir);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return dir;
  }

  // meta.json of every block directory on disk, oldest first.
  std::vector<block::BlockMeta> MetasOnDisk(const std::string& dir) {
    std::vector<block::BlockMeta> out;
    auto entries = fs_.List(dir);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    if (!entries.ok()) return out;
    for (const auto& e : *entries) {
      if (!e.is_dir || !block::IsBlockDirName(e.name)) continue;
      auto meta = block::ReadMetaFile(fs_, JoinPath(dir, e.name));
      EXPECT_TRUE(meta.ok()) << meta.status().ToString();
      if (meta.ok()) out.push_back(*meta);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.min_time < b.min_time; });
    return out;
  }

  // Opens dir with tsdbsim, expects a clean replay and exactly the committed
  // samples; *out gets what the open reported.
  void ExpectTsdbsimReadsEverything(const std::string& dir, db::OpenReport* out) {
    ManualClock clock(written_->last_t);
    SplitMix64 random(7);
    db::DbOptions o;
    o.head.chunk_range_ms = 2 * kHourMs;
    o.wal.segment_size_bytes = 64 * 1024;
    o.wal.compress = true;
    o.block_chunk_segment_size_bytes = 1 << 20;
    db::OpenReport report;
    auto db = db::DB::Open(&fs_, dir, o, &clock, &random, nullptr, nullptr, &report);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_FALSE(report.corruption.has_value()) << report.corruption->ToString();
    EXPECT_FALSE(report.repair.has_value());
    EXPECT_FALSE(report.replay.mmap_error.has_value()) << *report.replay.mmap_error;
    EXPECT_EQ(report.replay.unknown_series_refs, 0);
    int64_t dups = 0;
    auto got = tsdb::testing::CollectSamples(fs_, dir, &(*db)->head(), &dups);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(dups, 0);
    EXPECT_TRUE(SameSamples(written_->want, *got, /*any_nan=*/false));
    const Status st = (*db)->Close();
    EXPECT_TRUE(st.ok()) << st.ToString();
    *out = report;
  }

  // name -> bytes of every file in dir/chunks_head.
  std::map<std::string, Bytes> ChunkFiles(const std::string& dir) {
    std::map<std::string, Bytes> out;
    const std::string chunks_dir = JoinPath(dir, "chunks_head");
    auto files = fs_.List(chunks_dir);
    EXPECT_TRUE(files.ok()) << files.status().ToString();
    if (!files.ok()) return out;
    for (const auto& f : *files) {
      auto data = ReadWholeFile(fs_, JoinPath(chunks_dir, f.name));
      EXPECT_TRUE(data.ok()) << data.status().ToString();
      if (data.ok()) out[f.name] = std::move(data).value();
    }
    return out;
  }

  static Written* written_;
  static std::string write_error_;
  PosixFilesystem fs_;
};

Written* InteropTest::written_ = nullptr;
std::string InteropTest::write_error_;

// The directory has every on-disk structure the interop checks are about,
// and tsdbsim itself reads back what it committed.
TEST_F(InteropTest, TsdbsimWritesBlocksCheckpointSegmentsAndMmappedChunks) {
  const Written& w = *written_;
  std::printf("wrote %zu samples of %zu series in %.2f s\n", w.total_samples, w.want.size(),
              w.write_seconds);
  const auto metas = MetasOnDisk(w.data_dir);
  EXPECT_GE(metas.size(), 3u);
  EXPECT_EQ(metas, w.blocks);
  for (size_t i = 1; i < metas.size(); i++) EXPECT_LE(metas[i - 1].max_time, metas[i].min_time);

  const std::string wal_dir = JoinPath(w.data_dir, "wal");
  auto cp = wlog::LastCheckpoint(fs_, wal_dir);
  ASSERT_TRUE(cp.ok()) << "no checkpoint: " << cp.status().ToString();
  auto range = wlog::Segments(fs_, wal_dir);
  ASSERT_TRUE(range.ok()) << range.status().ToString();
  EXPECT_GE(range->last - range->first + 1, 2) << range->first << ".." << range->last;
  EXPECT_EQ(range->first, cp->index + 1);
  // Snappy is on, as in Prometheus: the first fragment of every segment
  // carries the compression flag (0x08) in its type byte.
  for (int seg = range->first; seg <= range->last; seg++) {
    auto data = ReadWholeFile(fs_, wlog::SegmentName(wal_dir, seg));
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    // The newest segment may be empty: a truncation cuts a new segment
    // before it checkpoints (as 2.42 does), and when the last compaction
    // falls after the last commit, Close finds it still empty. Where the
    // run ends against the wall clock decides that, so both must pass.
    if (data->empty() && seg == range->last) continue;
    ASSERT_FALSE(data->empty()) << seg;
    EXPECT_EQ((*data)[0] & 0x08, 0x08) << "segment " << seg << " type byte " << int{(*data)[0]};
  }

  // Files are preallocated (zero tails), so look for a first entry: its
  // series ref right after the 8-byte header is never 0.
  size_t with_chunks = 0;
  for (const auto& [name, data] : ChunkFiles(w.data_dir)) {
    if (data.size() >= 16 &&
        std::any_of(data.begin() + 8, data.begin() + 16, [](uint8_t b) { return b != 0; })) {
      with_chunks++;
    }
  }
  EXPECT_GE(with_chunks, 1u);

  db::OpenReport report;
  ExpectTsdbsimReadsEverything(CopyOf("reopen"), &report);
  EXPECT_GT(report.replay.mmapped_chunks_loaded, 0);
  EXPECT_EQ(report.replay.checkpoint_index, cp->index);
}

// `promtool tsdb list`: one row per block, matching our meta.json.
TEST_F(InteropTest, PromtoolListShowsEveryBlockAsOurMetaSays) {
  ASSERT_TRUE(IsExecutable(kPromtool)) << kPromtool << kMissing;
  const std::string dir = CopyOf("list");
  const auto metas = MetasOnDisk(dir);
  ASSERT_GE(metas.size(), 3u);
  const auto r =
      RunCommand({kPromtool, "tsdb", "list", dir}, written_->tmp.path(), kCommandTimeout);
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const auto lines = Lines(r.out);
  ASSERT_FALSE(lines.empty()) << Describe(r);
  EXPECT_EQ(Fields(lines[0]),
            (std::vector<std::string>{"BLOCK", "ULID", "MIN", "TIME", "MAX", "TIME", "DURATION",
                                      "NUM", "SAMPLES", "NUM", "CHUNKS", "NUM", "SERIES", "SIZE"}));
  ASSERT_EQ(lines.size(), metas.size() + 1) << r.out;
  for (size_t i = 0; i < metas.size(); i++) {
    const auto f = Fields(lines[i + 1]);
    ASSERT_EQ(f.size(), 8u) << lines[i + 1];
    const auto& m = metas[i];
    EXPECT_EQ(f[0], m.ulid.ToString());
    EXPECT_EQ(f[1], std::to_string(m.min_time));
    EXPECT_EQ(f[2], std::to_string(m.max_time));
    EXPECT_EQ(f[4], std::to_string(m.stats.num_samples)) << lines[i + 1];
    EXPECT_EQ(f[5], std::to_string(m.stats.num_chunks)) << lines[i + 1];
    EXPECT_EQ(f[6], std::to_string(m.stats.num_series)) << lines[i + 1];
    EXPECT_GT(m.stats.num_samples, 0u);
  }
}

// `promtool tsdb analyze [--extended]`: reads the newest block's index and chunks.
TEST_F(InteropTest, PromtoolAnalyzesTheNewestBlock) {
  ASSERT_TRUE(IsExecutable(kPromtool)) << kPromtool << kMissing;
  const std::string dir = CopyOf("analyze");
  const auto metas = MetasOnDisk(dir);
  ASSERT_FALSE(metas.empty());
  const auto& newest = metas.back();
  for (const bool extended : {false, true}) {
    std::vector<std::string> argv = {kPromtool, "tsdb", "analyze"};
    if (extended) argv.push_back("--extended");
    argv.push_back(dir);
    const auto r = RunCommand(argv, written_->tmp.path(), kCommandTimeout);
    ASSERT_EQ(r.exit_code, 0) << Describe(r);
    EXPECT_NE(r.out.find("Block ID: " + newest.ulid.ToString()), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Series: " + std::to_string(newest.stats.num_series) + "\n"),
              std::string::npos)
        << r.out;
    if (extended) {
      EXPECT_NE(r.out.find("Compaction analysis"), std::string::npos) << r.out;
    }
  }
}

// `promtool tsdb dump`: blocks plus the replayed WAL are exactly what we committed.
TEST_F(InteropTest, PromtoolDumpIsExactlyTheCommittedSamples) {
  ASSERT_TRUE(IsExecutable(kPromtool)) << kPromtool << kMissing;
  const std::string dir = CopyOf("dump");
  const auto r =
      RunCommand({kPromtool, "tsdb", "dump", dir}, written_->tmp.path(), kCommandTimeout);
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  SampleSet got;
  size_t lines = 0, dup = 0;
  std::string bad;
  for (const auto& line : Lines(r.out)) {
    lines++;
    const size_t ts_sp = line.rfind(' ');
    const size_t v_sp = ts_sp == std::string::npos ? ts_sp : line.rfind(' ', ts_sp - 1);
    if (v_sp == std::string::npos || line.empty() || line[0] != '{') {
      if (bad.empty()) bad = line;
      continue;
    }
    const std::string value = line.substr(v_sp + 1, ts_sp - v_sp - 1);
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    const int64_t t = std::stoll(line.substr(ts_sp + 1));
    if (*end != '\0' && bad.empty()) bad = line;
    if (!got[line.substr(0, v_sp)].emplace(t, std::bit_cast<uint64_t>(v)).second) dup++;
  }
  EXPECT_TRUE(bad.empty()) << "unparsable dump line: " << bad;
  EXPECT_EQ(dup, 0u);
  EXPECT_EQ(lines, written_->total_samples);  // one line per sample, nothing else
  EXPECT_TRUE(SameSamples(written_->want, got, /*any_nan=*/true));
}

// Reads the log of the Prometheus we started.
std::vector<std::string> LogLines(const std::string& path) { return Lines(ReadFileText(path)); }

bool Contains(const std::vector<std::string>& lines, const std::string& s) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const auto& l) { return l.find(s) != std::string::npos; });
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A sample value of the Prometheus text exposition, by exact series name.
std::optional<double> MetricValue(const std::string& exposition, const std::string& series) {
  for (const auto& line : Lines(exposition)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::strtod(line.c_str() + series.size() + 1, nullptr);
    }
  }
  return std::nullopt;
}

// A real Prometheus replays our directory and serves exactly our samples;
// afterwards tsdbsim reopens the directory Prometheus ran on.
TEST_F(InteropTest, PrometheusServesOurSamplesAndTsdbsimReopensItsDirectory) {
  ASSERT_TRUE(IsExecutable(kPrometheus)) << kPrometheus << kMissing;
  const Written& w = *written_;
  const std::string dir = CopyOf("prometheus");
  const auto chunk_files = ChunkFiles(dir);
  const std::string config = w.tmp.Join("prometheus.yml");
  ASSERT_TRUE(WriteWholeFile(fs_, config, AsBytes("global: {}\nscrape_configs: []\n"), false).ok());
  const auto port = FreeLoopbackPort();
  ASSERT_TRUE(port.has_value());
  const std::string log_path = w.tmp.Join("prometheus.log");
  std::string error;
  auto prom =
      Subprocess::Start({kPrometheus, "--config.file=" + config, "--storage.tsdb.path=" + dir,
                         "--web.listen-address=127.0.0.1:" + std::to_string(*port),
                         "--storage.tsdb.retention.time=3650d"},
                        log_path, log_path, &error);
  ASSERT_TRUE(prom.has_value()) << error;

  // Ready: the log line and /-/ready, within a bounded time.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  bool ready = false;
  std::string last_error;
  while (!ready && std::chrono::steady_clock::now() < deadline) {
    if (auto code = prom->Poll()) {
      FAIL() << "prometheus exited with " << *code << " before it was ready:\n"
             << ReadFileText(log_path);
    }
    auto resp = HttpGet(*port, "/-/ready", 2s, &last_error);
    ready = resp && resp->status == 200 &&
            Contains(LogLines(log_path), "Server is ready to receive web requests");
    if (!ready) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(ready) << "not ready after 60 s (" << last_error << "):\n" << ReadFileText(log_path);

  // Raw samples per metric: a range selector longer than the data, at the last sample.
  const std::string at =
      std::to_string(w.last_t / 1000) + "." + std::to_string(1000 + w.last_t % 1000).substr(1);
  for (const auto& [metric, want] : w.by_metric) {
    const std::string target = "/api/v1/query?query=" + UrlEncode(metric + "[10h]") + "&time=" + at;
    auto resp = HttpGet(*port, target, 20s, &error);
    ASSERT_TRUE(resp.has_value()) << target << ": " << error;
    ASSERT_EQ(resp->status, 200) << target << "\n" << resp->body.substr(0, 2000);
    const auto j = nlohmann::json::parse(resp->body, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(j.is_discarded()) << resp->body.substr(0, 2000);
    ASSERT_EQ(j.value("status", ""), "success") << resp->body.substr(0, 2000);
    ASSERT_EQ(j["data"]["resultType"], "matrix");
    SampleSet got;
    for (const auto& series : j["data"]["result"]) {
      LabelsBuilder b;
      for (const auto& [name, value] : series["metric"].items()) {
        b.Add(name, value.get<std::string>());
      }
      b.Sort();
      auto& samples = got[b.Build().ToString()];
      for (const auto& pair : series["values"]) {
        const int64_t t = std::llround(pair[0].get<double>() * 1000);
        const double v = std::strtod(pair[1].get<std::string>().c_str(), nullptr);
        samples.emplace(t, std::bit_cast<uint64_t>(v));
      }
    }
    EXPECT_TRUE(SameSamples(want, got, /*any_nan=*/false)) << metric;
  }

  // Replay progress and the TSDB's own counters.
  auto replay = HttpGet(*port, "/api/v1/status/walreplay", 5s, &error);
  ASSERT_TRUE(replay.has_value()) << error;
  const auto rj = nlohmann::json::parse(replay->body, nullptr, false);
  ASSERT_FALSE(rj.is_discarded()) << replay->body;
  EXPECT_EQ(rj["data"]["current"], rj["data"]["max"]) << replay->body;
  auto metrics = HttpGet(*port, "/metrics", 5s, &error);
  ASSERT_TRUE(metrics.has_value()) << error;
  EXPECT_EQ(MetricValue(metrics->body, "prometheus_tsdb_wal_corruptions_total"), 0.0);
  EXPECT_EQ(MetricValue(metrics->body, "prometheus_tsdb_mmap_chunk_corruptions_total"), 0.0);
  EXPECT_EQ(MetricValue(metrics->body, "prometheus_tsdb_blocks_loaded"),
            static_cast<double>(MetasOnDisk(w.data_dir).size()));

  bool killed = false;
  const int code = prom->Stop(30s, &killed);
  EXPECT_FALSE(killed) << "prometheus ignored SIGTERM for 30 s";
  EXPECT_EQ(code, 0);

  const auto log = LogLines(log_path);
  const std::string log_text = ReadFileText(log_path);
  EXPECT_TRUE(Contains(log, "WAL replay completed")) << log_text;
  EXPECT_TRUE(Contains(log, "Server is ready to receive web requests")) << log_text;
  for (const auto& line : log) {
    EXPECT_EQ(Lower(line).find("corrupt"), std::string::npos) << line;
    EXPECT_EQ(line.find("level=error"), std::string::npos) << line;
    const bool tsdb_warning = line.find("level=warn") != std::string::npos &&
                              line.find("component=tsdb") != std::string::npos;
    EXPECT_FALSE(tsdb_warning) << line;
  }

  // Prometheus kept our mmapped chunk files as they were: it deletes them
  // all when it cannot load them, and after a restart it writes new ones.
  const auto after = ChunkFiles(dir);
  for (const auto& [name, data] : chunk_files) {
    const auto it = after.find(name);
    ASSERT_NE(it, after.end()) << "prometheus deleted chunks_head/" << name;
    EXPECT_TRUE(it->second == data) << "prometheus changed chunks_head/" << name;
  }

  // tsdbsim reads the directory Prometheus ran on (and wrote a WAL segment to).
  db::OpenReport report;
  ExpectTsdbsimReadsEverything(dir, &report);
  EXPECT_GT(report.replay.mmapped_chunks_loaded, 0);
}

}  // namespace
}  // namespace tsdb::interop
