// Synthetic targets' faults: HTTP errors, refused connections inside down
// windows, slow and timing-out answers, malformed pages; each fault on its
// own random stream, so turning one on never changes the pages served.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/targets/synthetic_target.h"
#include "support/exposition_lines.h"

namespace tsdbsim {
namespace {

using tsdb::scrape::ScrapeResponse;
using tsdb::testing::ExpositionSample;
using tsdb::testing::ParseExpositionSample;
using tsdb::testing::SplitLines;

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr int64_t kIntervalMs = 15'000;

TEST(SyntheticTargetTest, HttpErrorEveryNthScrape) {
  SyntheticTargetSpec spec;
  spec.http_error_every_nth = 3;
  spec.latency_ms = 20;
  SyntheticTarget t(spec, 1);
  for (int i = 1; i <= 9; i++) {
    const ScrapeResponse r = t.Scrape(kT0 + i * kIntervalMs);
    if (i % 3 == 0) {
      EXPECT_EQ(r.outcome, ScrapeResponse::Outcome::kHttpError) << i;
      EXPECT_EQ(r.http_status, 500);
      EXPECT_EQ(r.error, "server returned HTTP status 500 Internal Server Error");
      EXPECT_EQ(r.body, "500 Internal Server Error\n");
      EXPECT_EQ(t.last().samples, 0u);
    } else {
      EXPECT_EQ(r.outcome, ScrapeResponse::Outcome::kOk) << i;
      EXPECT_EQ(r.http_status, 200);
      EXPECT_TRUE(r.error.empty());
    }
    EXPECT_EQ(r.latency_ms, 20);
    EXPECT_EQ(t.last().outcome, r.outcome);
  }
}

TEST(SyntheticTargetTest, HttpErrorWithProbabilityAndOtherStatus) {
  SyntheticTargetSpec spec;
  spec.http_error_ppm = 200'000;
  spec.http_error_status = 503;
  SyntheticTarget t(spec, 77);
  int errors = 0;
  for (int i = 0; i < 1000; i++) {
    const ScrapeResponse r = t.Scrape(kT0 + i * kIntervalMs);
    if (r.outcome == ScrapeResponse::Outcome::kHttpError) {
      errors++;
      EXPECT_EQ(r.error, "server returned HTTP status 503 Service Unavailable");
    }
  }
  EXPECT_NEAR(errors, 200, 55);  // ~4.3 sd
}

TEST(SyntheticTargetTest, RefusedInsideDownWindows) {
  SyntheticTargetSpec spec;
  spec.down = {{kT0 + 30'000, kT0 + 60'000}};
  spec.latency_ms = 100;
  SyntheticTarget t(spec, 1);
  for (int i = 0; i < 6; i++) {
    const int64_t now = kT0 + i * kIntervalMs;
    const ScrapeResponse r = t.Scrape(now);
    const bool down = now >= kT0 + 30'000 && now < kT0 + 60'000;
    if (down) {
      EXPECT_EQ(r.outcome, ScrapeResponse::Outcome::kRefused) << i;
      EXPECT_EQ(r.error,
                "Get \"http://node-1:9100/metrics\": dial tcp node-1:9100: connect: connection refused");
      EXPECT_TRUE(r.body.empty());
      EXPECT_EQ(r.latency_ms, 0);
    } else {
      EXPECT_EQ(r.outcome, ScrapeResponse::Outcome::kOk) << i;
      EXPECT_EQ(r.latency_ms, 100);
    }
  }
}

TEST(SyntheticTargetTest, SlowJitteryAndTimingOut) {
  SyntheticTargetSpec spec;
  spec.latency_ms = 250;
  spec.latency_jitter_ms = 50;
  spec.timeout_every_nth = 4;
  spec.timeout_latency_ms = 30'000;
  SyntheticTarget t(spec, 3);
  std::set<int64_t> seen;
  for (int i = 1; i <= 40; i++) {
    const ScrapeResponse r = t.Scrape(kT0 + i * kIntervalMs);
    EXPECT_EQ(r.outcome, ScrapeResponse::Outcome::kOk);
    if (i % 4 == 0) {
      EXPECT_EQ(r.latency_ms, 30'000);
      EXPECT_TRUE(t.last().timed_out);
    } else {
      EXPECT_GE(r.latency_ms, 250);
      EXPECT_LE(r.latency_ms, 300);
      EXPECT_FALSE(t.last().timed_out);
      seen.insert(r.latency_ms);
    }
  }
  EXPECT_GT(seen.size(), 5u);
}

TEST(SyntheticTargetTest, FaultsDoNotChangeTheValues) {
  // Each fault draws from its own stream: the pages a faulty target does
  // serve are the pages the healthy one serves.
  SyntheticTargetSpec healthy;
  healthy.churn_ppm = 20'000;
  SyntheticTargetSpec faulty = healthy;
  faulty.http_error_ppm = 300'000;
  faulty.timeout_ppm = 100'000;
  faulty.latency_jitter_ms = 1000;
  faulty.down = {{kT0 + 100 * kIntervalMs, kT0 + 120 * kIntervalMs}};
  SyntheticTarget a(healthy, 8), b(faulty, 8);
  int compared = 0;
  for (int i = 0; i < 200; i++) {
    const ScrapeResponse ra = a.Scrape(kT0 + i * kIntervalMs);
    const ScrapeResponse rb = b.Scrape(kT0 + i * kIntervalMs);
    if (rb.outcome != ScrapeResponse::Outcome::kOk) continue;
    EXPECT_EQ(ra.body, rb.body) << i;
    compared++;
  }
  EXPECT_GT(compared, 80);
  EXPECT_LT(compared, 180);
}

// Sample lines that a strict reader rejects, by line number (from 1).
std::vector<size_t> BadLines(const std::string& body) {
  std::vector<size_t> bad;
  const auto lines = SplitLines(body);
  for (size_t i = 0; i < lines.size(); i++) {
    if (lines[i].starts_with("#")) continue;
    ExpositionSample s;
    if (!ParseExpositionSample(lines[i], &s)) bad.push_back(i + 1);
  }
  return bad;
}

TEST(SyntheticTargetTest, MalformedPagesHaveExactlyOneBadLine) {
  for (MalformedKind kind : {MalformedKind::kBadValue, MalformedKind::kUnterminatedLabelValue}) {
    SyntheticTargetSpec spec;
    spec.malformed_every_nth = 1;
    spec.malformed_kind = kind;
    SyntheticTarget t(spec, 21);
    std::set<size_t> positions;
    for (int i = 0; i < 30; i++) {
      const ScrapeResponse r = t.Scrape(kT0 + i * kIntervalMs);
      EXPECT_EQ(r.outcome, ScrapeResponse::Outcome::kOk);  // the page is served; parsing fails
      const auto bad = BadLines(r.body);
      ASSERT_EQ(bad.size(), 1u) << r.body;
      EXPECT_EQ(bad[0], t.last().malformed_line);
      positions.insert(bad[0]);
      const std::string line = SplitLines(r.body)[bad[0] - 1];
      if (kind == MalformedKind::kBadValue) {
        EXPECT_EQ(line.back(), 'x') << line;
      } else {
        EXPECT_EQ(std::count(line.begin(), line.end(), '"') % 2, 1) << line;
      }
    }
    EXPECT_GT(positions.size(), 10u);  // the position is drawn, not fixed
  }
}

TEST(SyntheticTargetTest, MalformedWithProbabilityAndEitherKind) {
  SyntheticTargetSpec spec;
  spec.malformed_ppm = 250'000;
  spec.malformed_kind = MalformedKind::kEither;
  SyntheticTarget t(spec, 22);
  int malformed = 0, bad_values = 0;
  for (int i = 0; i < 400; i++) {
    const ScrapeResponse r = t.Scrape(kT0 + i * kIntervalMs);
    const auto bad = BadLines(r.body);
    EXPECT_EQ(bad.size(), t.last().malformed_line == 0 ? 0u : 1u);
    if (bad.empty()) continue;
    malformed++;
    bad_values += SplitLines(r.body)[bad[0] - 1].back() == 'x';
  }
  EXPECT_NEAR(malformed, 100, 40);
  EXPECT_GT(bad_values, 20);
  EXPECT_LT(bad_values, malformed - 20);
}

}  // namespace
}  // namespace tsdbsim
