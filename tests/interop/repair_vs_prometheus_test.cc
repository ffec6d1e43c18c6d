// `tsdbsim repair` against a real Prometheus 2.42 (Debian's package) on the
// same damage. Copies of the shared fixtures are damaged four ways:
//   (a) one byte flipped inside a record of wal/00000003 (killed-datadir),
//   (b) the last segment, wal/00000005, torn in the middle of a record,
//   (c) a 32 KiB page of garbage written over the middle of wal/00000004,
//   (d) one byte flipped inside an entry of chunks_head/000001
//       (mmapped-datadir: killed-datadir's chunks_head holds no chunk).
// Each damaged directory is copied twice: `tsdbsim repair` runs on one, a
// real Prometheus starts on the other (it repairs at startup) and is stopped
// with SIGTERM once ready. `promtool tsdb dump` of both (each on a further
// copy: its read-only open may write chunks_head files) must print the same
// set of samples, and both must name the same corruption.
// Missing binaries fail the tests: nothing is skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iterator>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/posix_filesystem.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/wlog/reader.h"
#include "interop/http_get.h"
#include "interop/subprocess.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdb::interop {
namespace {

using namespace std::chrono_literals;

const std::string kPrometheusBin = "/usr/bin/prometheus";
const std::string kPromtoolBin = "/usr/bin/promtool";
const char kMissingBin[] = " is missing: install Debian's prometheus package (scripts/setup)";
constexpr auto kReadyTimeout = 60s;
constexpr auto kStopGrace = 30s;
constexpr auto kToolTimeout = 120s;
constexpr int64_t kPage = 32 * 1024;

// ---------------------------------------------------------------------------
// Damage.

struct Fragment {
  size_t header = 0;   // offset of the 7-byte fragment header
  size_t payload = 0;  // offset of the payload
  size_t len = 0;
};

// The fragments of a WAL segment, page by page (PROMETHEUS.md §2.2).
std::vector<Fragment> Fragments(ByteView seg) {
  std::vector<Fragment> out;
  for (size_t page = 0; page < seg.size(); page += kPage) {
    const size_t end = std::min(seg.size(), page + kPage);
    size_t pos = page;
    while (pos + 7 <= end && seg[pos] != 0) {
      const size_t len = GetBE16(seg.data() + pos + 1);
      if (pos + 7 + len > end) break;
      out.push_back({pos, pos + 7, len});
      pos += 7 + len;
    }
  }
  return out;
}

// The fragment with a non-empty payload holding offset, or the next one.
Fragment FragmentAt(ByteView seg, size_t offset) {
  for (const Fragment& f : Fragments(seg)) {
    if (f.len > 0 && f.payload + f.len > offset) return f;
  }
  return {};
}

Bytes ReadAll(const std::string& path) {
  PosixFilesystem fs;
  auto b = ReadWholeFile(fs, path);
  return b.ok() ? std::move(b).value() : Bytes{};
}

void WriteAll(const std::string& path, const Bytes& b) {
  PosixFilesystem fs;
  ASSERT_TRUE(WriteWholeFile(fs, path, b, false).ok()) << path;
}

// (a): one byte in the middle of the record payload at the segment's middle.
std::string FlipWalByte(const std::string& dir) {
  const std::string path = dir + "/wal/00000003";
  Bytes b = ReadAll(path);
  const Fragment f = FragmentAt(b, b.size() / 2);
  if (f.len == 0) return "error: no record found in " + path;
  const size_t at = f.payload + f.len / 2;
  b[at] ^= 0xff;
  WriteAll(path, b);
  return "wal/00000003: flipped the byte at " + std::to_string(at) + " (payload of the fragment at " +
         std::to_string(f.header) + ", " + std::to_string(f.len) + " bytes)";
}

// (b): the last segment ends half-way through a record's payload.
std::string TearLastSegment(const std::string& dir) {
  const std::string path = dir + "/wal/00000005";
  const Bytes b = ReadAll(path);
  const Fragment f = FragmentAt(b, b.size() / 2);
  if (f.len == 0) return "error: no record found in " + path;
  const size_t at = f.payload + f.len / 2;
  PosixFilesystem fs;
  if (!fs.Truncate(path, at).ok()) return "error: cannot truncate " + path;
  return "wal/00000005: truncated from " + std::to_string(b.size()) + " to " + std::to_string(at) +
         " bytes (inside the payload of the fragment at " + std::to_string(f.header) + ")";
}

// (c): 32 KiB of pseudo-random bytes over the middle, straddling two pages.
std::string GarbagePage(const std::string& dir) {
  const std::string path = dir + "/wal/00000004";
  Bytes b = ReadAll(path);
  const size_t at = b.size() / 2 + 12345;
  if (at + kPage > b.size()) return "error: segment too small: " + path;
  std::mt19937_64 rng(0x5eed);
  for (size_t i = 0; i < kPage; i++) b[at + i] = static_cast<uint8_t>(rng());
  WriteAll(path, b);
  return "wal/00000004: 32768 bytes of garbage written at " + std::to_string(at);
}

// (d): one byte in the data of the middle entry of chunks_head/000001.
std::string FlipChunkByte(const std::string& dir) {
  const std::string path = dir + "/chunks_head/000001";
  Bytes b = ReadAll(path);
  struct Entry {
    size_t start, data, len;
  };
  std::vector<Entry> entries;
  size_t off = 8;
  while (off + 26 <= b.size()) {
    if (GetBE64(&b[off]) == 0 && GetBE64(&b[off + 8]) == 0 && GetBE64(&b[off + 16]) == 0) break;
    size_t q = off + 25;
    uint64_t len = 0;
    for (int shift = 0; q < b.size(); shift += 7) {
      const uint8_t c = b[q++];
      len |= uint64_t{c & 0x7fu} << shift;
      if (c < 0x80) break;
    }
    if (q + len + 4 > b.size()) break;
    entries.push_back({off, q, len});
    off = q + len + 4;
  }
  if (entries.empty()) return "error: no chunk in " + path;
  const Entry& e = entries[entries.size() / 2];
  const size_t at = e.data + e.len / 2;
  b[at] ^= 0xff;
  WriteAll(path, b);
  return "chunks_head/000001: flipped the byte at " + std::to_string(at) + " (data of entry " +
         std::to_string(entries.size() / 2) + " of " + std::to_string(entries.size()) + ", at " +
         std::to_string(e.start) + ")";
}

// ---------------------------------------------------------------------------

struct Variant {
  const char* name;
  const char* fixture;         // under prometheus-2.42/
  const char* block_duration;  // --storage.tsdb.{min,max}-block-duration
  int64_t chunk_range_ms;
  int wal_segment;             // the segment both must repair; -1: chunks_head damage
  std::string (*damage)(const std::string& dir);
};

std::ostream& operator<<(std::ostream& os, const Variant& v) { return os << v.name; }

const Variant kVariants[] = {
    {"FlippedWalByte", "killed-datadir", "2m", 120'000, 3, FlipWalByte},
    {"TornLastSegment", "killed-datadir", "2m", 120'000, 5, TearLastSegment},
    {"GarbagePage", "killed-datadir", "2m", 120'000, 4, GarbagePage},
    {"FlippedChunkByte", "mmapped-datadir", "10m", 600'000, -1, FlipChunkByte},
};

std::string Describe(const CommandResult& r) {
  std::string s = "exit " + std::to_string(r.exit_code);
  if (r.timed_out) s += " (timed out, killed)";
  if (!r.error.empty()) s += " (" + r.error + ")";
  return s + "\nstderr:\n" + r.err.substr(0, 4000) + "\nstdout (start):\n" + r.out.substr(0, 4000);
}

// Sorted, de-duplicated lines of a promtool dump.
std::vector<std::string> LineSet(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

::testing::AssertionResult SameLines(const std::vector<std::string>& sim, const std::vector<std::string>& prom) {
  if (sim == prom) return ::testing::AssertionSuccess();
  std::vector<std::string> only_sim, only_prom;
  std::set_difference(sim.begin(), sim.end(), prom.begin(), prom.end(), std::back_inserter(only_sim));
  std::set_difference(prom.begin(), prom.end(), sim.begin(), sim.end(), std::back_inserter(only_prom));
  auto ts_range = [](const std::vector<std::string>& v) {
    if (v.empty()) return std::string("-");
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (const auto& l : v) {
      const int64_t t = tsdb::testing::DumpLineTimestamp(l);
      lo = std::min(lo, t);
      hi = std::max(hi, t);
    }
    return std::to_string(lo) + ".." + std::to_string(hi);
  };
  auto r = ::testing::AssertionFailure();
  r << "tsdbsim keeps " << sim.size() << " samples, Prometheus " << prom.size() << "; only after tsdbsim: "
    << only_sim.size() << " (t " << ts_range(only_sim) << "), only after Prometheus: " << only_prom.size()
    << " (t " << ts_range(only_prom) << ")";
  for (size_t i = 0; i < std::min<size_t>(5, only_sim.size()); i++) r << "\n  tsdbsim only: " << only_sim[i];
  for (size_t i = 0; i < std::min<size_t>(5, only_prom.size()); i++) r << "\n  prometheus only: " << only_prom[i];
  return r;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// First match of re's group 1.. in text, joined by '|'; "" when none.
std::string Capture(const std::string& text, const std::string& re) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(re))) return "";
  std::string out;
  for (size_t i = 1; i < m.size(); i++) out += (i > 1 ? "|" : "") + m[i].str();
  return out;
}

int64_t CountGzipLines(const std::string& path) {
  int64_t n = 0;
  if (!tsdb::testing::ForEachGzipLine(path, [&n](const std::string&) { n++; })) return -1;
  return n;
}

// The records of one WAL segment, decompressed, as the engine reads them.
std::vector<std::string> SegmentRecords(const std::string& wal_dir, int index, std::string* error) {
  PosixFilesystem fs;
  auto r = wlog::SegmentRangeReader::Open(fs, wal_dir, index, index);
  if (!r.ok()) {
    *error = r.status().ToString();
    return {};
  }
  std::vector<std::string> out;
  wlog::Reader& rd = (*r)->reader();
  while (rd.Next()) out.emplace_back(reinterpret_cast<const char*>(rd.Record().data()), rd.Record().size());
  if (rd.Err().has_value()) *error = rd.Err()->ToString();
  return out;
}

// Every entry of every chunks_head file (series ref, mint, maxt, encoding,
// data), sorted: replay cuts chunks in several goroutines in 2.42, so the
// order in the file is not fixed.
std::vector<std::string> ChunkEntries(const std::string& dir, std::string* error) {
  PosixFilesystem fs;
  std::vector<std::string> out;
  auto entries = fs.List(dir);
  if (!entries.ok()) return out;
  for (const auto& e : *entries) {
    if (e.is_dir || e.name.find_first_not_of("0123456789") != std::string::npos) continue;
    auto map = fs.MapReadOnly(JoinPath(dir, e.name));
    if (!map.ok()) {
      *error = map.status().ToString();
      continue;
    }
    const Status s = chunks::IterateHeadChunkFile(
        (*map)->data(), static_cast<uint32_t>(std::stoul(e.name)), [&](const chunks::HeadChunkEntry& c) -> Status {
          std::ostringstream k;
          k << c.series_ref << ' ' << c.mint << ' ' << c.maxt << ' ' << int{c.encoding} << ' ';
          out.push_back(k.str() + std::string(reinterpret_cast<const char*>(c.data.data()), c.data.size()));
          return {};
        });
    if (!s.ok()) *error = e.name + ": " + s.ToString();
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Names(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

class RepairVsPrometheusTest : public ::testing::TestWithParam<Variant> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(IsExecutable(kPrometheusBin)) << kPrometheusBin << kMissingBin;
    ASSERT_TRUE(IsExecutable(kPromtoolBin)) << kPromtoolBin << kMissingBin;
    ASSERT_TRUE(IsExecutable(tsdbsim_))
        << tsdbsim_ << " is missing: build the tsdbsim target (or set TSDBSIM_BINARY)";
  }

  // Copies from to a new directory under the test's temp dir.
  std::string Copy(const std::string& from, const std::string& name) {
    const std::string to = tmp_.Join(name);
    PosixFilesystem fs;
    const Status s = tsdb::CopyTree(fs, from, to);
    EXPECT_TRUE(s.ok()) << "copy " << from << " -> " << to << ": " << s.ToString();
    return to;
  }

  // Starts Prometheus on dir, waits for it to be ready, stops it with
  // SIGTERM (SIGKILL after a grace period). Returns its log.
  std::string RunPrometheus(const std::string& dir, const Variant& v) {
    const std::string config = tmp_.Join("empty.yml");
    {
      std::FILE* f = std::fopen(config.c_str(), "w");
      EXPECT_NE(f, nullptr);
      if (f == nullptr) return "";
      std::fputs("scrape_configs: []\n", f);
      std::fclose(f);
    }
    const auto port = FreeLoopbackPort();
    EXPECT_TRUE(port.has_value()) << "no free loopback port";
    if (!port) return "";
    const std::string log = tmp_.Join("prometheus.log");
    const std::string bd = v.block_duration;
    std::string error;
    auto p = Subprocess::Start(
        {kPrometheusBin, "--storage.tsdb.path=" + dir, "--config.file=" + config,
         "--web.listen-address=127.0.0.1:" + std::to_string(*port),
         "--storage.tsdb.min-block-duration=" + bd, "--storage.tsdb.max-block-duration=" + bd,
         "--storage.tsdb.retention.time=100y"},
        log, log, &error);
    EXPECT_TRUE(p.has_value()) << error;
    if (!p) return "";
    const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
    bool ready = false;
    while (!ready && std::chrono::steady_clock::now() < deadline) {
      if (ReadFileText(log).find("Server is ready to receive web requests") != std::string::npos) {
        ready = true;
        break;
      }
      if (p->Poll()) break;  // exited early
      std::this_thread::sleep_for(50ms);
    }
    const auto early_exit = p->Poll();
    bool killed = false;
    const int code = p->Stop(kStopGrace, &killed);
    const std::string text = ReadFileText(log);
    EXPECT_TRUE(ready) << "Prometheus not ready within " << kReadyTimeout.count() << " s"
                       << (early_exit ? " (exited with " + std::to_string(*early_exit) + ")" : "")
                       << "; log:\n" << text.substr(0, 8000);
    EXPECT_FALSE(killed) << "Prometheus ignored SIGTERM for " << kStopGrace.count() << " s";
    EXPECT_EQ(code, 0) << "Prometheus exit code; log:\n" << text.substr(0, 8000);
    return text;
  }

  // promtool tsdb dump of a further copy of dir.
  std::vector<std::string> Dump(const std::string& dir, const std::string& name) {
    const std::string copy = Copy(dir, name);
    const CommandResult r = RunCommand({kPromtoolBin, "tsdb", "dump", copy}, tmp_.path(), kToolTimeout);
    EXPECT_EQ(r.exit_code, 0) << "promtool tsdb dump " << copy << ": " << Describe(r);
    return LineSet(r.out);
  }

  tsdb::testing::TempDir tmp_;
  const std::string tsdbsim_ = TsdbsimBinary();
};

TEST_P(RepairVsPrometheusTest, KeepsExactlyWhatPrometheusKeeps) {
  const Variant& v = GetParam();
  const auto t0 = std::chrono::steady_clock::now();
  const std::string fixture = tsdb::testing::FixturePath(std::string("prometheus-2.42/") + v.fixture);

  const std::string damaged = Copy(fixture, "damaged");
  const std::string what = v.damage(damaged);
  std::printf("[%s] %s\n", v.name, what.c_str());
  ASSERT_NE(what.rfind("error: ", 0), 0u) << what;
  const std::string sim_dir = Copy(damaged, "tsdbsim");
  const std::string prom_dir = Copy(damaged, "prometheus");

  // tsdbsim repair.
  const CommandResult rep = RunCommand(
      {tsdbsim_, "repair", sim_dir, "--chunk-range-ms", std::to_string(v.chunk_range_ms)}, tmp_.path(),
      kToolTimeout);
  ASSERT_EQ(rep.exit_code, 1) << "tsdbsim repair must report a repair: " << Describe(rep);
  std::printf("[%s] tsdbsim repair report:\n%s", v.name, rep.out.c_str());

  // The real Prometheus, on the other copy.
  const std::string log = RunPrometheus(prom_dir, v);
  ASSERT_FALSE(HasFatalFailure());

  // Both name the same damage.
  if (v.wal_segment >= 0) {
    char seg[16];
    std::snprintf(seg, sizeof seg, "%08d", v.wal_segment);
    EXPECT_NE(log.find("Encountered WAL read error, attempting repair"), std::string::npos) << log;
    EXPECT_NE(log.find("Starting corruption repair"), std::string::npos) << log;
    EXPECT_NE(rep.out.find(std::string("segment ") + seg + " rewritten"), std::string::npos) << rep.out;
    // Segment, offset and message of the corruption, and the repair's log line.
    const std::string corruption_re = R"(corruption in segment \S*/wal/(\d{8}) at (\d+): ([^"\n]*))";
    const std::string prom_corruption = Capture(log, corruption_re);
    const std::string sim_corruption = Capture(rep.out, corruption_re);
    EXPECT_EQ(prom_corruption.substr(0, 8), seg) << log;
    EXPECT_EQ(sim_corruption, prom_corruption);
    const std::string repair_re = R"re(msg="Starting corruption repair" segment=(\d+) offset=(\d+))re";
    EXPECT_EQ(Capture(rep.out, repair_re), Capture(log, repair_re));
    EXPECT_NE(Capture(log, repair_re), "") << log;
  } else {
    EXPECT_NE(log.find("Loading on-disk chunks failed"), std::string::npos) << log;
    EXPECT_NE(log.find("Deleting mmapped chunk files"), std::string::npos) << log;
    EXPECT_EQ(log.find("Encountered WAL read error"), std::string::npos) << log;
    EXPECT_NE(rep.out.find("replay failed: "), std::string::npos) << rep.out;
    EXPECT_NE(rep.out.find("deleted: 000001"), std::string::npos) << rep.out;
    const std::string crc_re = R"(checksum mismatch expected:([0-9a-f]+), actual:([0-9a-f]+))";
    EXPECT_NE(Capture(log, crc_re), "") << log;
    EXPECT_EQ(Capture(rep.out, crc_re), Capture(log, crc_re));
  }

  for (const auto& line : Lines(log)) {
    if (line.find("component=tsdb") != std::string::npos &&
        (line.find("level=warn") != std::string::npos || line.find("level=error") != std::string::npos ||
         line.find("Delet") != std::string::npos)) {
      std::printf("[%s] prometheus: %s\n", v.name, line.c_str());
    }
  }

  // The files both leave: the same WAL segments, the rewritten one holding
  // the same records (its bytes differ when snappy is on: C++ snappy and
  // Go's golang/snappy encode differently), the same chunks_head chunks.
  EXPECT_EQ(Joined(Names(sim_dir + "/wal")), Joined(Names(prom_dir + "/wal")));
  EXPECT_EQ(Joined(Names(sim_dir + "/chunks_head")), Joined(Names(prom_dir + "/chunks_head")));
  if (v.wal_segment >= 0) {
    std::string sim_err, prom_err;
    const auto sim_recs = SegmentRecords(sim_dir + "/wal", v.wal_segment, &sim_err);
    const auto prom_recs = SegmentRecords(prom_dir + "/wal", v.wal_segment, &prom_err);
    EXPECT_EQ(sim_err, "");
    EXPECT_EQ(prom_err, "");
    EXPECT_FALSE(prom_recs.empty());
    EXPECT_TRUE(sim_recs == prom_recs) << "rewritten segment: tsdbsim " << sim_recs.size()
                                       << " records, Prometheus " << prom_recs.size();
  }
  {
    std::string sim_err, prom_err;
    const auto sim_chunks = ChunkEntries(sim_dir + "/chunks_head", &sim_err);
    const auto prom_chunks = ChunkEntries(prom_dir + "/chunks_head", &prom_err);
    EXPECT_EQ(sim_err, "");
    EXPECT_EQ(prom_err, "");
    EXPECT_TRUE(sim_chunks == prom_chunks) << "chunks_head: tsdbsim " << sim_chunks.size() << " chunks, Prometheus "
                                           << prom_chunks.size();
    std::printf("[%s] chunks_head after: tsdbsim %zu chunks, Prometheus %zu\n", v.name, sim_chunks.size(),
                prom_chunks.size());
  }

  // The samples both keep.
  const std::vector<std::string> sim_lines = Dump(sim_dir, "tsdbsim-dump");
  const std::vector<std::string> prom_lines = Dump(prom_dir, "prometheus-dump");
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_FALSE(prom_lines.empty());
  EXPECT_TRUE(SameLines(sim_lines, prom_lines));

  const int64_t original =
      CountGzipLines(tsdb::testing::FixturePath(std::string("prometheus-2.42/") + v.fixture + ".promtool-dump.txt.gz"));
  const int64_t lost = original - static_cast<int64_t>(prom_lines.size());
  const std::string reported_lost = Capture(rep.out, R"((\d+) lost: no longer anywhere)");
  std::printf("[%s] samples: fixture %lld, kept by tsdbsim repair %zu, kept by Prometheus %zu (lost %lld; "
              "tsdbsim's report counts %s as lost); %.1f s\n",
              v.name, static_cast<long long>(original), sim_lines.size(), prom_lines.size(),
              static_cast<long long>(lost), reported_lost.empty() ? "-" : reported_lost.c_str(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (v.wal_segment >= 0) {
    EXPECT_GT(lost, 0) << "WAL damage loses the samples after it";
    // The report counts the samples of every record it could still read in
    // the dropped part; records in unreadable bytes are beyond counting.
    ASSERT_FALSE(reported_lost.empty()) << rep.out;
    EXPECT_LE(std::stoll(reported_lost), lost);
  } else {
    // The WAL holds every sample: deleting chunks_head/ loses none.
    EXPECT_EQ(lost, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Damage, RepairVsPrometheusTest, ::testing::ValuesIn(kVariants),
                         [](const ::testing::TestParamInfo<Variant>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace tsdb::interop
