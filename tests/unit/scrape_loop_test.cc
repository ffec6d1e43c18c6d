// The scrape path against the real DB: a scrape manager on the simulator's
// event loop, scrapers with pages set by the test, a fanout with a
// simulated remote-write secondary (PROMETHEUS.md §10, §11).
#include <gtest/gtest.h>

#include <bit>

#include "engine/base/value.h"
#include "support/scrape_rig.h"

namespace tsdb::testing {
namespace {

constexpr uint64_t kOneBits = 0x3FF0000000000000;  // 1.0
constexpr uint64_t kZeroBits = 0;

scrape::ScrapeResponse Page(std::string body) {
  scrape::ScrapeResponse r;
  r.body = std::move(body);
  return r;
}

class ScrapeLoopTest : public ::testing::Test {
 protected:
  void Start(FakeScraper* s, scrape::ScrapeConfig cfg = ScrapeRig::Job("node")) {
    cfg_ = cfg;
    ASSERT_TRUE(rig_.manager->ApplyConfig({{cfg, {{s, Labels()}}}}).ok());
  }
  // Runs until the scraper has been scraped n times in all and those
  // scrapes have been appended.
  void RunScrapes(FakeScraper* s, size_t n) {
    ASSERT_TRUE(rig_.loop.RunUntilTrue([&] { return s->scrape_times.size() >= n; }, 100000));
    rig_.loop.RunUntil(s->scrape_times.back() + cfg_.scrape_timeout_ms);
  }
  const scrape::ScrapeLoop* Loop(const FakeScraper* s) const {
    return rig_.manager->pool(cfg_.job_name)->LoopFor(s);
  }

  ScrapeRig rig_;
  scrape::ScrapeConfig cfg_;
};

TEST_F(ScrapeLoopTest, CommitsPageAndReportSeriesWithTargetLabels) {
  FakeScraper s("node-1:9100");
  s.response = Page("# TYPE a counter\na{x=\"1\"} 5\nb 7\n");
  Start(&s);
  RunScrapes(&s, 1);
  const int64_t t = s.scrape_times[0];
  EXPECT_EQ(rig_.Samples(R"(a{x="1",job="node",instance="node-1:9100"})"),
            (std::map<int64_t, uint64_t>{{t, std::bit_cast<uint64_t>(5.0)}}));
  EXPECT_EQ(rig_.Samples(R"(up{job="node"})"), (std::map<int64_t, uint64_t>{{t, kOneBits}}));
  EXPECT_EQ(rig_.Samples("scrape_samples_scraped").at(t), std::bit_cast<uint64_t>(2.0));
  EXPECT_EQ(rig_.Samples("scrape_series_added").at(t), std::bit_cast<uint64_t>(2.0));
  // 2 samples + 5 report series, nothing else.
  EXPECT_EQ(rig_.SeriesCounts().size(), 7u);
  EXPECT_TRUE(Loop(&s)->last_report().up);
}

TEST_F(ScrapeLoopTest, StartsAtTheTargetOffsetThenEveryIntervalOnTheGrid) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  Start(&s);
  RunScrapes(&s, 4);
  const int64_t first = s.scrape_times[0];
  EXPECT_GE(first, ScrapeRig::kStartMs);
  EXPECT_LE(first, ScrapeRig::kStartMs + cfg_.scrape_interval_ms);
  for (size_t i = 1; i < s.scrape_times.size(); i++) {
    EXPECT_EQ(s.scrape_times[i] - s.scrape_times[i - 1], cfg_.scrape_interval_ms);
  }
}

TEST_F(ScrapeLoopTest, CacheHitsAppendByRefWithoutParsingLabels) {
  FakeScraper s("node-1:9100");
  s.response = Page("a{x=\"1\"} 1\na{x=\"2\"} 2\nb 3\n");
  Start(&s);
  RunScrapes(&s, 1);
  const scrape::ScrapeLoop* loop = Loop(&s);
  EXPECT_EQ(loop->labels_parsed(), 3);
  const size_t secondary_appends_before = rig_.receiver.calls().size();
  RunScrapes(&s, 3);
  EXPECT_EQ(loop->labels_parsed(), 3);  // hits only
  EXPECT_EQ(loop->cache().size(), 3u + 5u);  // page + report series
  // Every append of the later scrapes carried the primary's ref to the secondary.
  for (size_t i = secondary_appends_before; i < rig_.receiver.calls().size(); i++) {
    const auto& c = rig_.receiver.calls()[i];
    if (c.kind == tsdbsim::ReceiverCallKind::kAppend) {
      EXPECT_NE(c.ref, 0u);
    }
  }
  EXPECT_EQ(rig_.Samples(R"(a{x="2"})").size(), 3u);
}

TEST_F(ScrapeLoopTest, VanishedSeriesGetsStaleMarkerAtTheNextScrape) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\nb 2\n");
  Start(&s);
  RunScrapes(&s, 1);
  s.response = Page("a 1\n");
  RunScrapes(&s, 2);
  const int64_t t2 = s.scrape_times[1];
  const auto b = rig_.Samples("b");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.at(t2), kStaleNaNBits);
  EXPECT_EQ(rig_.Samples("a").at(t2), kOneBits);
}

TEST_F(ScrapeLoopTest, SeriesWithExplicitTimestampsAreNotMarkedStale) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1 1700000000000\nb 2\n");
  Start(&s);
  RunScrapes(&s, 1);
  s.response = Page("");
  RunScrapes(&s, 2);
  EXPECT_EQ(rig_.Samples("a").size(), 1u);
  EXPECT_EQ(rig_.Samples("b").at(s.scrape_times[1]), kStaleNaNBits);
}

TEST_F(ScrapeLoopTest, RemovedTargetGetsStaleMarkersAfterTwoIntervals) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  Start(&s);
  RunScrapes(&s, 2);
  const int64_t last = s.scrape_times.back();
  ASSERT_TRUE(rig_.manager->ApplyConfig({{cfg_, {}}}).ok());
  const int64_t stale_at = last + cfg_.scrape_interval_ms;  // the tick that would have come next
  rig_.loop.RunUntil(stale_at + cfg_.scrape_interval_ms + cfg_.scrape_interval_ms / 10 + 1);
  EXPECT_EQ(s.scrape_times.size(), 2u);  // no scrape after removal
  for (const char* series : {"a", "up", "scrape_duration_seconds", "scrape_samples_scraped",
                             "scrape_samples_post_metric_relabeling", "scrape_series_added"}) {
    const auto got = rig_.Samples(series);
    ASSERT_TRUE(got.contains(stale_at)) << series;
    EXPECT_EQ(got.at(stale_at), kStaleNaNBits) << series;
  }
  EXPECT_EQ(rig_.loop.pending(), 0u);
}

TEST_F(ScrapeLoopTest, ShutdownWritesNoStaleMarkers) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  Start(&s);
  RunScrapes(&s, 1);
  rig_.manager->Stop();
  rig_.loop.RunUntil(s.scrape_times.back() + 10 * cfg_.scrape_interval_ms);
  EXPECT_EQ(rig_.Samples("a").size(), 1u);
}

TEST_F(ScrapeLoopTest, OverSampleLimitCommitsNothingAndReportsUpZero) {
  FakeScraper s("node-1:9100");
  scrape::ScrapeConfig cfg = ScrapeRig::Job("node");
  cfg.sample_limit = 2;
  s.response = Page("a 1\nb 2\nc 3\n");
  Start(&s, cfg);
  RunScrapes(&s, 1);
  const int64_t t = s.scrape_times[0];
  EXPECT_TRUE(rig_.Samples("a").empty());
  EXPECT_TRUE(rig_.Samples("c").empty());
  EXPECT_EQ(rig_.Samples("up").at(t), kZeroBits);
  EXPECT_EQ(rig_.Samples("scrape_samples_scraped").at(t), std::bit_cast<uint64_t>(3.0));
  EXPECT_EQ(Loop(&s)->last_report().error, "sample limit exceeded");
  EXPECT_EQ(rig_.manager->metrics().scrapes_exceeded_sample_limit_total, 1u);
  // Within the limit again: the samples are kept.
  s.response = Page("a 1\nb 2\n");
  RunScrapes(&s, 2);
  EXPECT_EQ(rig_.Samples("a").size(), 1u);
  EXPECT_EQ(rig_.Samples("up").at(s.scrape_times[1]), kOneBits);
}

TEST_F(ScrapeLoopTest, MalformedPageCommitsNothingAndKeepsEarlierData) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\nb 2\n");
  Start(&s);
  RunScrapes(&s, 1);
  s.response = Page("a 10\nb 20 not-a-timestamp\n");
  RunScrapes(&s, 2);
  const int64_t t1 = s.scrape_times[0], t2 = s.scrape_times[1];
  EXPECT_EQ(rig_.Samples("a"), (std::map<int64_t, uint64_t>{{t1, kOneBits}}));
  EXPECT_EQ(rig_.Samples("up").at(t2), kZeroBits);
  const std::string err = Loop(&s)->last_report().error;
  EXPECT_TRUE(err.starts_with("2:")) << "error: [" << err << "]";  // names the line
  // b was not seen before the error: 2.42 marks it stale in the follow-up empty append.
  EXPECT_EQ(rig_.Samples("b").at(t2), kStaleNaNBits);
}

TEST_F(ScrapeLoopTest, FailedScrapeMarksEverythingStaleAndReportsUpZero) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  Start(&s);
  RunScrapes(&s, 1);
  s.response.outcome = scrape::ScrapeResponse::Outcome::kHttpError;
  s.response.http_status = 500;
  RunScrapes(&s, 2);
  const int64_t t2 = s.scrape_times[1];
  EXPECT_EQ(rig_.Samples("a").at(t2), kStaleNaNBits);
  EXPECT_EQ(rig_.Samples("up").at(t2), kZeroBits);
}

TEST_F(ScrapeLoopTest, SlowTargetPastTheTimeoutFailsWithDeadlineExceeded) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  s.response.latency_ms = 20'000;
  Start(&s);
  RunScrapes(&s, 1);
  EXPECT_TRUE(rig_.Samples("a").empty());
  const auto& r = Loop(&s)->last_report();
  EXPECT_FALSE(r.up);
  EXPECT_NE(r.error.find("context deadline exceeded"), std::string::npos);
  EXPECT_EQ(rig_.Samples("scrape_duration_seconds").at(s.scrape_times[0]), std::bit_cast<uint64_t>(10.0));
}

TEST_F(ScrapeLoopTest, HonorLabelsDecidesWhoseJobLabelWins) {
  FakeScraper s("node-1:9100");
  s.response = Page("a{job=\"exposed\"} 1\n");
  Start(&s);
  RunScrapes(&s, 1);
  EXPECT_EQ(rig_.Samples(R"(a{job="node",exported_job="exposed"})").size(), 1u);

  FakeScraper h("node-2:9100");
  h.response = Page("c{job=\"exposed\"} 1\n");
  scrape::ScrapeConfig cfg = ScrapeRig::Job("honor");
  cfg.honor_labels = true;
  ASSERT_TRUE(rig_.manager->ApplyConfig({{cfg_, {{&s, Labels()}}}, {cfg, {{&h, Labels()}}}}).ok());
  ASSERT_TRUE(rig_.loop.RunUntilTrue([&] { return !h.scrape_times.empty(); }, 100000));
  rig_.loop.RunUntil(h.scrape_times[0] + 1);
  EXPECT_EQ(rig_.Samples(R"(c{job="exposed"})").size(), 1u);
}

TEST_F(ScrapeLoopTest, FailingSecondaryCommitKeepsThePrimarysData) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  rig_.receiver.set_commit_failure(tsdbsim::FailurePlan::Always(StatusCode::kIOError, "remote down"));
  Start(&s);
  RunScrapes(&s, 2);
  EXPECT_EQ(rig_.Samples("a").size(), 2u);
  EXPECT_EQ(rig_.receiver.delivered_sample_count(), 0u);
  // Per scrape: appends to primary then secondary, then primary commit, then secondary commit.
  const std::vector<std::string> one_scrape_tail = {"primary.commit", "secondary.commit"};
  ASSERT_GE(rig_.calls.size(), 2u);
  EXPECT_EQ(std::vector<std::string>(rig_.calls.end() - 2, rig_.calls.end()), one_scrape_tail);
  EXPECT_EQ(rig_.manager->metrics().commit_failures_total, 2u);
}

TEST_F(ScrapeLoopTest, FanoutAppendsToThePrimaryFirstWithItsRef) {
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  Start(&s);
  RunScrapes(&s, 1);
  // 1 sample + 5 report series, each primary then secondary, then commits.
  std::vector<std::string> want;
  for (int i = 0; i < 6; i++) {
    want.push_back("primary.append");
    want.push_back("secondary.append");
  }
  want.push_back("primary.commit");
  want.push_back("secondary.commit");
  EXPECT_EQ(rig_.calls, want);
  EXPECT_EQ(rig_.receiver.delivered_sample_count(), 6u);
}

TEST_F(ScrapeLoopTest, FailingPrimaryCommitRollsTheSecondaryBack) {
  // A primary commit failure: the fanout rolls every secondary back (§10).
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  Start(&s);
  RunScrapes(&s, 1);
  rig_.calls.clear();
  rig_.fs.fail_writes = true;  // the WAL write of the next commit fails
  RunScrapes(&s, 2);
  rig_.fs.fail_writes = false;
  ASSERT_GE(rig_.calls.size(), 2u);
  EXPECT_EQ(rig_.calls[rig_.calls.size() - 2], "primary.commit");
  EXPECT_EQ(rig_.calls.back(), "secondary.rollback");
  EXPECT_EQ(rig_.receiver.delivered_sample_count(), 6u);  // only the first scrape
}

TEST_F(ScrapeLoopTest, FailingSecondaryAppendFailsTheScrapeButKeepsEarlierData) {
  // 2.42: an unexpected append error aborts the page; the scrape is rolled
  // back in both storages, data committed before stays.
  FakeScraper s("node-1:9100");
  s.response = Page("a 1\n");
  Start(&s);
  RunScrapes(&s, 1);
  rig_.receiver.set_append_failure(tsdbsim::FailurePlan::Always(StatusCode::kIOError, "remote full"));
  RunScrapes(&s, 2);
  EXPECT_EQ(rig_.Samples("a").size(), 1u);
  EXPECT_EQ(Loop(&s)->last_report().error, "remote full");
}

}  // namespace
}  // namespace tsdb::testing
