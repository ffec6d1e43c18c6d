// Leveled compaction against a real Prometheus 2.42 (Debian's package).
// tsdbsim writes a directory of 2h blocks covering a day and more (the
// scenario's max_block_duration=2h keeps them unmerged); one copy is
// compacted by `tsdbsim compact`, a real Prometheus starts on another and
// compacts it on its first one-minute tick. The block tables they leave
// must be the same: ranges, levels, sources, parents' ranges and stats.
// Then the reverse: `tsdbsim dump` of the directory Prometheus compacted
// prints exactly what `promtool tsdb dump` prints.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "interop/http_get.h"
#include "interop/subprocess.h"
#include "support/temp_dir.h"

namespace tsdb::interop {
namespace {

using namespace std::chrono_literals;

constexpr char kScenario[] =
    "seed 11\n"
    "config chunk_range=2h scrape_interval=15s wal_segment_size=1MiB block_chunk_segment_size=1MiB "
    "max_block_duration=2h\n"
    "target node-1 series=20\n"
    "target node-2 series=20 churn=0.002\n"
    "run 30h\n"
    "expect blocks >= 13\n"
    "expect max_block_level == 1\n";

// One block as meta.json has it, minus its own ULID (which is random).
struct Row {
  int64_t min_time = 0, max_time = 0, level = 0;
  uint64_t samples = 0, series = 0, chunks = 0;
  std::vector<std::string> sources;
  std::vector<std::pair<int64_t, int64_t>> parents;
  auto operator<=>(const Row&) const = default;
};

std::string RowText(const Row& r) {
  std::ostringstream s;
  s << "[" << r.min_time << "," << r.max_time << ") level " << r.level << " samples " << r.samples << " series "
    << r.series << " chunks " << r.chunks << " sources " << r.sources.size() << " parents " << r.parents.size();
  return s.str();
}

std::vector<Row> BlockTable(const std::string& dir) {
  std::vector<Row> rows;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory() || name.size() != 26) continue;
    const auto j = nlohmann::json::parse(ReadFileText(e.path() / "meta.json"), nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << name;
    if (j.is_discarded()) continue;
    Row r;
    r.min_time = j["minTime"];
    r.max_time = j["maxTime"];
    r.level = j["compaction"]["level"];
    r.samples = j["stats"].value("numSamples", 0ull);
    r.series = j["stats"].value("numSeries", 0ull);
    r.chunks = j["stats"].value("numChunks", 0ull);
    for (const auto& s : j["compaction"]["sources"]) r.sources.push_back(s);
    if (j["compaction"].contains("parents")) {
      for (const auto& p : j["compaction"]["parents"]) r.parents.emplace_back(p["minTime"], p["maxTime"]);
    }
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) n++;
  return n;
}

TEST(CompactionVsPrometheusTest, SameBlockTableAndSamplesFromTheSameDirectory) {
  const std::string prometheus = "/usr/bin/prometheus", promtool = "/usr/bin/promtool";
  ASSERT_TRUE(IsExecutable(prometheus)) << prometheus << " is missing: install Debian's prometheus package";
  ASSERT_TRUE(IsExecutable(promtool)) << promtool << " is missing: install Debian's prometheus package";
  const std::string tsdbsim = TsdbsimBinary();
  ASSERT_TRUE(IsExecutable(tsdbsim)) << tsdbsim << " is missing: build the tsdbsim target";
  tsdb::testing::TempDir tmp;
  const std::string data = tmp.Join("data");
  const CommandResult run = RunScenarioToDataDir(tsdbsim, tmp.path(), kScenario);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err << run.error;
  const std::vector<Row> input = BlockTable(data);
  ASSERT_GE(input.size(), 13u);

  const std::string ours = tmp.Join("ours"), theirs = tmp.Join("theirs");
  std::filesystem::copy(data, ours, std::filesystem::copy_options::recursive);
  std::filesystem::copy(data, theirs, std::filesystem::copy_options::recursive);
  const CommandResult compact = RunCommand({tsdbsim, "compact", ours}, tmp.path(), 120s);
  ASSERT_EQ(compact.exit_code, 0) << compact.out << compact.err << compact.error;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(compact.out, m, std::regex("compactions: ([0-9]+), blocks deleted: ([0-9]+)")))
      << compact.out;
  const size_t compactions = std::stoul(m[1]), deletions = std::stoul(m[2]);
  ASSERT_GE(compactions, 3u) << compact.out;  // 6h groups and at least one 18h

  // Prometheus compacts on its loop's first tick, a minute after it starts.
  const std::string config = tmp.Join("prometheus.yml");
  std::ofstream(config) << "global: {}\nscrape_configs: []\n";
  const auto port = FreeLoopbackPort();
  ASSERT_TRUE(port.has_value());
  const std::string log = tmp.Join("prometheus.log");
  std::string error;
  auto prom = Subprocess::Start({prometheus, "--config.file=" + config, "--storage.tsdb.path=" + theirs,
                                 "--web.listen-address=127.0.0.1:" + std::to_string(*port)},
                                log, log, &error);
  ASSERT_TRUE(prom.has_value()) << error;
  const auto deadline = std::chrono::steady_clock::now() + 150s;
  std::string text;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto code = prom->Poll()) FAIL() << "prometheus exited with " << *code << ":\n" << ReadFileText(log);
    text = ReadFileText(log);
    if (Count(text, "msg=\"compact blocks\"") >= compactions &&
        Count(text, "msg=\"Deleting obsolete block\"") >= deletions) {
      break;
    }
    std::this_thread::sleep_for(200ms);
  }
  // A moment more: a further compaction would show up as a difference.
  std::this_thread::sleep_for(2s);
  bool killed = false;
  EXPECT_EQ(prom->Stop(30s, &killed), 0);
  EXPECT_FALSE(killed);
  text = ReadFileText(log);
  ASSERT_EQ(Count(text, "msg=\"compact blocks\""), compactions) << text;
  EXPECT_EQ(text.find("level=error"), std::string::npos) << text;

  const std::vector<Row> want = BlockTable(theirs), got = BlockTable(ours);
  ASSERT_EQ(got.size(), want.size()) << compact.out;
  int64_t max_level = 0;
  for (size_t i = 0; i < want.size(); i++) {
    EXPECT_EQ(got[i], want[i]) << "block " << i << ": ours " << RowText(got[i]) << ", Prometheus's "
                               << RowText(want[i]);
    max_level = std::max(max_level, want[i].level);
  }
  EXPECT_EQ(max_level, 3);

  // The reverse: tsdbsim reads what Prometheus compacted as promtool does
  // (promtool on a copy: its read-only open may write chunks_head files).
  const std::string copy = tmp.Join("theirs-copy");
  std::filesystem::copy(theirs, copy, std::filesystem::copy_options::recursive);
  const CommandResult pdump = RunCommand({promtool, "tsdb", "dump", copy}, tmp.path(), 120s);
  ASSERT_EQ(pdump.exit_code, 0) << pdump.err;
  const CommandResult tdump = RunCommand({tsdbsim, "dump", theirs}, tmp.path(), 120s);
  ASSERT_EQ(tdump.exit_code, 0) << tdump.err;
  const auto plines = SortedLines(pdump.out);
  EXPECT_GT(plines.size(), 100'000u);
  EXPECT_TRUE(SortedLines(tdump.out) == plines) << "tsdbsim dump differs from promtool tsdb dump";
  // And the compaction lost nothing: the same samples as before it.
  const CommandResult before = RunCommand({tsdbsim, "dump", data}, tmp.path(), 120s);
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_TRUE(SortedLines(before.out) == plines) << "compaction changed the samples";
}

}  // namespace
}  // namespace tsdb::interop
