// The self target: the engine's counters under Prometheus 2.42's names,
// checked line for line against a page a real 2.42 served.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <string>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "sim/targets/self_target.h"
#include "support/exposition_lines.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdbsim {
namespace {

using tsdb::testing::SplitLines;

// The values the fixture page's Prometheus had (see its lines).
SelfMetrics FixtureValues() {
  SelfMetrics m;
  m.head.series_created_total = 8200;
  m.head.chunks = 8200;
  m.head.chunks_created_total = 8200;
  m.head.samples_appended_total = 39197;
  m.db.reloads_total = 1;
  m.head_series = 8200;
  m.head_min_time_ms = 1795234434326;
  m.head_max_time_ms = 1795234438854;
  tsdb::wlog::WalMetrics w;
  w.page_flushes_total = 103;
  w.completed_pages_total = 11;
  w.segment_current = 0;
  m.wal = w;
  return m;
}

TEST(SelfMetricsTest, EveryLineIsALineA242ServerServed) {
  // Same values in, same bytes out: HELP, TYPE, names, labels and number
  // formatting are 2.42's.
  const std::string fixture =
      tsdb::testing::ReadFixture("exposition/prometheus-2.42.0.txt");
  ASSERT_FALSE(fixture.empty());
  std::map<std::string, bool> real;
  for (const std::string& l : SplitLines(fixture)) real[l] = true;
  const std::string page = RenderSelfMetrics(FixtureValues());
  size_t lines = 0;
  for (const std::string& l : SplitLines(page)) {
    EXPECT_TRUE(real.count(l)) << "not in 2.42's page: " << l;
    lines++;
  }
  EXPECT_GT(lines, 100u);
}

TEST(SelfMetricsTest, RendersTheGivenValues) {
  SelfMetrics m;
  m.head.samples_appended_total = 1234567;
  m.head.out_of_order_samples_total = 3;
  m.head.out_of_bound_samples_total = 4;
  m.head.wal_corruptions_total = 1;
  m.head.checkpoint_creations_total = 2;
  m.db.compactions_total = 5;
  m.db.compactions_triggered_total = 6;
  m.head_series = 42;
  m.blocks_loaded = 2;
  m.oldest_block_min_time_ms = 1'700'000'000'123;
  m.head_min_time_ms = 1'700'007'200'000;
  tsdb::wlog::WalMetrics w;
  w.fsyncs_total = 7;
  w.segment_current = 12;
  w.writes_failed_total = 1;
  m.wal = w;
  const std::string page = RenderSelfMetrics(m);
  auto has = [&](const std::string& line) {
    return page.find("\n" + line + "\n") != std::string::npos;
  };
  EXPECT_TRUE(has("prometheus_tsdb_head_samples_appended_total{type=\"float\"} 1.234567e+06"));
  EXPECT_TRUE(has("prometheus_tsdb_head_samples_appended_total{type=\"histogram\"} 0"));
  EXPECT_TRUE(has("prometheus_tsdb_out_of_order_samples_total{type=\"float\"} 3"));
  EXPECT_TRUE(has("prometheus_tsdb_out_of_bound_samples_total{type=\"float\"} 4"));
  EXPECT_TRUE(has("prometheus_tsdb_wal_corruptions_total 1"));
  EXPECT_TRUE(has("prometheus_tsdb_checkpoint_creations_total 2"));
  EXPECT_TRUE(has("prometheus_tsdb_compactions_total 5"));
  EXPECT_TRUE(has("prometheus_tsdb_compactions_triggered_total 6"));
  EXPECT_TRUE(has("prometheus_tsdb_head_series 42"));
  EXPECT_TRUE(has("prometheus_tsdb_blocks_loaded 2"));
  // With blocks, the lowest timestamp is the oldest block's.
  EXPECT_TRUE(has("prometheus_tsdb_lowest_timestamp 1.700000000123e+12"));
  EXPECT_TRUE(has("prometheus_tsdb_lowest_timestamp_seconds 1.7e+09"));
  EXPECT_TRUE(has("prometheus_tsdb_head_min_time_seconds 1.7000072e+09"));
  // Fsyncs take no virtual time: quantiles 0 once there are observations.
  EXPECT_TRUE(has("prometheus_tsdb_wal_fsync_duration_seconds{quantile=\"0.99\"} 0"));
  EXPECT_TRUE(has("prometheus_tsdb_wal_fsync_duration_seconds_count 7"));
  EXPECT_TRUE(has("prometheus_tsdb_wal_segment_current 12"));
  EXPECT_TRUE(has("prometheus_tsdb_wal_writes_failed_total 1"));
  // Families come sorted by name, each with HELP then TYPE.
  std::string prev;
  std::string family;
  for (const std::string& l : SplitLines(page)) {
    if (l.starts_with("# HELP ")) {
      family = l.substr(7, l.find(' ', 7) - 7);
      EXPECT_LT(prev, family);
      prev = family;
    } else if (!l.starts_with("# TYPE ")) {
      EXPECT_TRUE(l.starts_with(family)) << l;
    }
  }
}

TEST(SelfMetricsTest, EmptyHeadAndNoWal) {
  SelfMetrics m;  // head times at their sentinels, no WAL
  const std::string page = RenderSelfMetrics(m);
  EXPECT_NE(page.find("\nprometheus_tsdb_head_min_time 9.223372036854776e+18\n"), std::string::npos);
  EXPECT_NE(page.find("\nprometheus_tsdb_head_max_time -9.223372036854776e+18\n"), std::string::npos);
  EXPECT_NE(page.find("\nprometheus_tsdb_head_min_time_seconds 9.223372036854776e+15\n"), std::string::npos);
  EXPECT_EQ(page.find("prometheus_tsdb_wal_page_flushes_total"), std::string::npos);
}

TEST(SelfTargetTest, ServesTheSourceAtEachScrape) {
  uint64_t series = 1;
  SelfTarget t([&] {
    SelfMetrics m;
    m.head_series = series;
    return m;
  });
  EXPECT_EQ(t.Address(), "localhost:9090");
  auto r = t.Scrape(0);
  EXPECT_EQ(r.outcome, tsdb::scrape::ScrapeResponse::Outcome::kOk);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("\nprometheus_tsdb_head_series 1\n"), std::string::npos);
  series = 99;
  EXPECT_NE(t.Scrape(1).body.find("\nprometheus_tsdb_head_series 99\n"), std::string::npos);
}

TEST(SelfTargetTest, ReadsALiveDb) {
  tsdb::PosixFilesystem fs;
  tsdb::testing::TempDir dir;
  tsdb::ManualClock clock(1'800'000'000'000);
  tsdb::SplitMix64 random(1);
  tsdb::db::DbOptions opts;
  opts.block_chunk_segment_size_bytes = 1 << 20;
  tsdb::db::OpenReport report;
  auto db = tsdb::db::DB::Open(&fs, dir.path(), opts, &clock, &random, nullptr, nullptr, &report);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  SelfTarget t(db->get(), "prom:9090");
  EXPECT_EQ(t.Address(), "prom:9090");
  EXPECT_NE(t.Scrape(0).body.find("\nprometheus_tsdb_head_series 0\n"), std::string::npos);
  {
    auto app = (*db)->Appender();
    for (int i = 0; i < 3; i++) {
      const tsdb::Labels l = tsdb::Labels::FromStrings({"__name__", "up", "i", std::to_string(i)});
      ASSERT_TRUE(app->Append(0, l, 1'800'000'000'000 + i, 1).ok());
    }
    ASSERT_TRUE(app->Commit().ok());
  }
  const std::string page = t.Scrape(1).body;
  EXPECT_NE(page.find("\nprometheus_tsdb_head_series 3\n"), std::string::npos) << page;
  EXPECT_NE(page.find("\nprometheus_tsdb_head_series_created_total 3\n"), std::string::npos);
  EXPECT_NE(page.find("\nprometheus_tsdb_head_samples_appended_total{type=\"float\"} 3\n"),
            std::string::npos);
  EXPECT_NE(page.find("\nprometheus_tsdb_head_min_time 1.8e+12\n"), std::string::npos) << page;
  EXPECT_NE(page.find("\nprometheus_tsdb_head_max_time 1.800000000002e+12\n"), std::string::npos);
  EXPECT_NE(page.find("\nprometheus_tsdb_wal_segment_current 0\n"), std::string::npos);
  ASSERT_TRUE((*db)->Close().ok());
}

}  // namespace
}  // namespace tsdbsim
