// `tsdbsim run --data-dir`: the durable state a simulated run leaves on its
// simulated disk, written out as a real directory, opens in promtool and in
// a real Prometheus, which hold exactly the samples the oracle recorded as
// acknowledged (the run ends without a crash and fsyncs nothing extra, so
// what is durable is what the last restart replays... and more: promtool's
// dump replays the WAL too).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "interop/http_get.h"
#include "interop/subprocess.h"
#include <nlohmann/json.hpp>
#include <thread>
#include "support/temp_dir.h"

namespace tsdb::interop {
namespace {

using namespace std::chrono_literals;


// A run that compacts, checkpoints, mmaps chunks and ends with a crash and
// restart, so every kind of file is in the directory.
constexpr char kScenario[] =
    "seed 7\n"
    "config chunk_range=2h scrape_interval=15s wal_segment_size=256KiB block_chunk_segment_size=1MiB\n"
    "target node-1 series=40\n"
    "target node-2 series=20 churn=0.01 histograms=1\n"
    "run 5h\n"
    "crash process\n"
    "restart\n"
    "expect lost_acked_samples == 0\n"
    "run 30m\n"
    "expect blocks >= 1\n";

TEST(RunDataDirInteropTest, PromtoolDumpsExactlyWhatTheOracleAcknowledged) {
  const std::string promtool = "/usr/bin/promtool";
  ASSERT_TRUE(IsExecutable(promtool)) << promtool << " is missing: install Debian's prometheus package";
  const std::string tsdbsim = TsdbsimBinary();
  ASSERT_TRUE(IsExecutable(tsdbsim)) << tsdbsim << " is missing: build the tsdbsim target";
  tsdb::testing::TempDir tmp;
  const std::string data = tmp.Join("data");
  const CommandResult run = RunScenarioToDataDir(tsdbsim, tmp.path(), kScenario);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err << run.error;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(run.out, m, std::regex("acked samples: ([0-9]+)"))) << run.out;
  const size_t acked = std::stoull(m[1]);
  ASSERT_GT(acked, 10'000u);
  ASSERT_TRUE(std::filesystem::exists(data + "/wal")) << "no wal/ in " << data;
  ASSERT_TRUE(std::filesystem::exists(data + "/chunks_head")) << "no chunks_head/ in " << data;

  // promtool's read-only open may write chunks_head files: give it a copy.
  const std::string copy = tmp.Join("copy");
  std::filesystem::copy(data, copy, std::filesystem::copy_options::recursive);
  const CommandResult list = RunCommand({promtool, "tsdb", "list", copy}, tmp.path(), 60s);
  ASSERT_EQ(list.exit_code, 0) << list.out << list.err;
  EXPECT_GE(SortedLines(list.out).size(), 2u) << list.out;  // header + at least one block
  const CommandResult dump = RunCommand({promtool, "tsdb", "dump", copy}, tmp.path(), 120s);
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  const auto promtool_lines = SortedLines(dump.out);
  EXPECT_EQ(promtool_lines.size(), acked);

  // And tsdbsim reads the directory the same way promtool does.
  const CommandResult ours = RunCommand({tsdbsim, "dump", data}, tmp.path(), 120s);
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_TRUE(SortedLines(ours.out) == promtool_lines);

  // A real Prometheus starts on it, replays it without complaint and
  // serves the series the run wrote.
  const std::string prometheus = "/usr/bin/prometheus";
  ASSERT_TRUE(IsExecutable(prometheus)) << prometheus << " is missing: install Debian's prometheus package";
  const std::string served = tmp.Join("served");
  std::filesystem::copy(data, served, std::filesystem::copy_options::recursive);
  const std::string config = tmp.Join("prometheus.yml");
  std::ofstream(config) << "global: {}\nscrape_configs: []\n";
  const auto port = FreeLoopbackPort();
  ASSERT_TRUE(port.has_value());
  const std::string log = tmp.Join("prometheus.log");
  std::string error;
  auto prom = Subprocess::Start({prometheus, "--config.file=" + config, "--storage.tsdb.path=" + served,
                                 "--web.listen-address=127.0.0.1:" + std::to_string(*port),
                                 "--storage.tsdb.retention.time=3650d"},
                                log, log, &error);
  ASSERT_TRUE(prom.has_value()) << error;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  bool ready = false;
  while (!ready && std::chrono::steady_clock::now() < deadline) {
    if (auto code = prom->Poll()) FAIL() << "prometheus exited with " << *code << ":\n" << ReadFileText(log);
    auto resp = HttpGet(*port, "/-/ready", 2s, &error);
    ready = resp && resp->status == 200;
    if (!ready) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(ready) << "not ready after 60 s:\n" << ReadFileText(log);
  // Every series in the dump exists in Prometheus: count the series of up.
  auto series = HttpGet(*port, "/api/v1/series?match[]=" + UrlEncode("{__name__=~\".+\"}") + "&start=0", 20s, &error);
  ASSERT_TRUE(series.has_value()) << error;
  ASSERT_EQ(series->status, 200) << series->body.substr(0, 500);
  const auto j = nlohmann::json::parse(series->body, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  std::set<std::string> dumped;
  for (const auto& line : promtool_lines) dumped.insert(line.substr(0, line.rfind('}') + 1));
  EXPECT_EQ(j["data"].size(), dumped.size());
  const std::string text = ReadFileText(log);
  EXPECT_EQ(text.find("corruption"), std::string::npos) << text;
  EXPECT_EQ(text.find("level=error"), std::string::npos) << text;
  bool killed = false;
  EXPECT_EQ(prom->Stop(30s, &killed), 0);
  EXPECT_FALSE(killed);
}

}  // namespace
}  // namespace tsdb::interop
