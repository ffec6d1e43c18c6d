// `tsdbsim parse` as a user runs it: the real node_exporter page prints one
// dump line per sample; a malformed page prints FILE:LINE:COL: message and
// nothing on stdout, exit 2; so does an unreadable file.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "interop/subprocess.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdb::interop {
namespace {

using namespace std::chrono_literals;


class ParseCliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(IsExecutable(TsdbsimBinary())) << TsdbsimBinary() << " is missing"; }
  CommandResult Parse(std::vector<std::string> args) {
    args.insert(args.begin(), {TsdbsimBinary(), "parse"});
    return RunCommand(args, dir_.path(), 60s);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.Join(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  tsdb::testing::TempDir dir_;
};

TEST_F(ParseCliTest, RealPage) {
  const CommandResult r = Parse({tsdb::testing::FixturePath("exposition/node_exporter-1.5.0.txt")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 507);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "{__name__=\"go_gc_duration_seconds\", quantile=\"0\"} 2.2391e-05");
  EXPECT_NE(
      r.out.find("\n{__name__=\"node_cpu_seconds_total\", cpu=\"0\", mode=\"idle\"} 200.48\n"),
      std::string::npos);
}

TEST_F(ParseCliTest, SortedLabelsGoFloatsAndTimestamps) {
  const std::string f = Write("page.txt",
                              "b{z=\"1\",a=\"x\\\"y\"} 1e6 1700000000000\n"
                              "c NaN\nd -0\ne 0.00001\n");
  const CommandResult r = Parse({f});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{__name__=\"b\", a=\"x\\\"y\", z=\"1\"} 1e+06 1700000000000\n"
            "{__name__=\"c\"} NaN\n"
            "{__name__=\"d\"} -0\n"
            "{__name__=\"e\"} 1e-05\n");
}

TEST_F(ParseCliTest, OpenMetricsByContentType) {
  const std::string f = Write("om.txt", "a_total 1 1.5 # {t=\"x\"} 2\n# EOF\n");
  const CommandResult om =
      Parse({f, "--content-type", "application/openmetrics-text; version=1.0.0"});
  ASSERT_EQ(om.exit_code, 0) << om.err;
  EXPECT_EQ(om.out, "{__name__=\"a_total\"} 1 1500\n");
  // The same page as the text format fails at the fractional timestamp.
  const CommandResult text = Parse({f});
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_EQ(text.out, "");
  EXPECT_EQ(text.err, f + ":1:12: expected next entry after timestamp, got \"INVALID\"\n");
}

TEST_F(ParseCliTest, MalformedPagePrintsNoSamples) {
  const std::string f = Write("bad.txt", "ok 1\nok2 2\nfoo{a=b} 3\n");
  const CommandResult r = Parse({f});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, f + ":3:7: expected label value, got \"INVALID\"\n");
}

TEST_F(ParseCliTest, UnreadableFile) {
  const CommandResult r = Parse({dir_.Join("missing.txt")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tsdbsim parse: cannot read " + dir_.Join("missing.txt")), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace tsdb::interop
