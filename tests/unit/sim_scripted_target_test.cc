// Scripted targets: real pages served in order, and a clear error for a
// page file that is not there.
#include <gtest/gtest.h>

#include <string>

#include "engine/base/posix_filesystem.h"
#include "sim/targets/scripted_target.h"
#include "support/exposition_lines.h"
#include "support/fixtures.h"

namespace tsdbsim {
namespace {

using tsdb::scrape::ScrapeResponse;

const std::string kNode = "exposition/node_exporter-1.5.0.txt";
const std::string kProm = "exposition/prometheus-2.42.0.txt";

TEST(ScriptedTargetTest, ServesBothFixturePagesThenRepeatsTheLast) {
  tsdb::PosixFilesystem fs;
  ScrapeResponse slow;
  slow.latency_ms = 120;
  auto t = ScriptedTarget::FromFiles(
      fs, "localhost:9100",
      {{tsdb::testing::FixturePath(kNode), {}}, {tsdb::testing::FixturePath(kProm), slow}});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ((*t)->Address(), "localhost:9100");
  EXPECT_EQ((*t)->page_count(), 2u);
  const std::string node = tsdb::testing::ReadFixture(kNode);
  const std::string prom = tsdb::testing::ReadFixture(kProm);
  ASSERT_FALSE(node.empty());
  ASSERT_FALSE(prom.empty());

  const ScrapeResponse r1 = (*t)->Scrape(0);
  EXPECT_EQ(r1.body, node);
  EXPECT_EQ(r1.outcome, ScrapeResponse::Outcome::kOk);
  EXPECT_EQ(r1.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r1.latency_ms, 0);
  EXPECT_EQ((*t)->last_page_index(), 0u);
  const ScrapeResponse r2 = (*t)->Scrape(15'000);
  EXPECT_EQ(r2.body, prom);
  EXPECT_EQ(r2.latency_ms, 120);
  for (int i = 0; i < 3; i++) EXPECT_EQ((*t)->Scrape(30'000 + i * 15'000).body, prom);
  EXPECT_EQ((*t)->last_page_index(), 1u);
  EXPECT_EQ((*t)->scrapes(), 5u);

  // Both real pages have sample lines our strict reader accepts.
  for (const std::string* page : {&node, &prom}) {
    size_t samples = 0;
    for (const std::string& line : tsdb::testing::SplitLines(*page)) {
      if (line.empty() || line.starts_with("#")) continue;
      tsdb::testing::ExpositionSample s;
      EXPECT_TRUE(tsdb::testing::ParseExpositionSample(line, &s)) << line;
      samples++;
    }
    EXPECT_GT(samples, 100u);
  }
}

TEST(ScriptedTargetTest, CyclesWhenAsked) {
  auto t = ScriptedTarget::FromBodies("h:1", {"a 1\n", "b 2\n", "c 3\n"}, AfterLastPage::kCycle);
  std::string got;
  for (int i = 0; i < 7; i++) got += t->Scrape(i).body;
  EXPECT_EQ(got, "a 1\nb 2\nc 3\na 1\nb 2\nc 3\na 1\n");
}

TEST(ScriptedTargetTest, ServesOutcomesAsGiven) {
  ScrapeResponse ok;
  ok.body = "up 1\n";
  ScrapeResponse failing;
  failing.outcome = ScrapeResponse::Outcome::kHttpError;
  failing.http_status = 503;
  failing.error = "server returned HTTP status 503 Service Unavailable";
  ScrapeResponse om = ok;
  om.content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  om.body = "up 1\n# EOF\n";
  ScriptedTarget t("h:1", {ok, failing, om});
  EXPECT_EQ(t.Scrape(0).body, "up 1\n");
  const ScrapeResponse f = t.Scrape(1);
  EXPECT_EQ(f.outcome, ScrapeResponse::Outcome::kHttpError);
  EXPECT_EQ(f.http_status, 503);
  EXPECT_EQ(f.error, failing.error);
  EXPECT_EQ(t.Scrape(2).content_type, om.content_type);
  EXPECT_EQ(t.Scrape(3).body, om.body);  // repeats the last
}

TEST(ScriptedTargetTest, MissingFileIsAClearError) {
  tsdb::PosixFilesystem fs;
  const std::string missing = tsdb::testing::FixturePath("exposition/no-such-page.txt");
  auto t = ScriptedTarget::FromFiles(fs, "node-1:9100",
                                     {{tsdb::testing::FixturePath(kNode), {}}, {missing, {}}});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), tsdb::StatusCode::kNotFound);
  const std::string& m = t.status().message();
  EXPECT_NE(m.find(missing), std::string::npos) << m;
  EXPECT_NE(m.find("scripted target node-1:9100: page 2 of 2"), std::string::npos) << m;

  auto none = ScriptedTarget::FromFiles(fs, "node-1:9100", {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), tsdb::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tsdbsim
