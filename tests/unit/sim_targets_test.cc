// Synthetic targets: deterministic, well-formed exposition pages with churn,
// and the writer they print with (faults: sim_target_faults_test.cc).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/random_source.h"
#include "sim/targets/exposition_writer.h"
#include "sim/targets/synthetic_target.h"
#include "sim/targets/wave_table.h"
#include "support/exposition_lines.h"

namespace tsdbsim {
namespace {

using tsdb::scrape::ScrapeResponse;
using tsdb::testing::ExpositionSample;
using tsdb::testing::LabelOf;
using tsdb::testing::ParseExpositionSample;
using tsdb::testing::SplitLines;

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr int64_t kIntervalMs = 15'000;

std::string Fmt(double v, FloatStyle style) {
  std::string s;
  AppendExpositionValue(v, style, &s);
  return s;
}

TEST(ExpositionWriterTest, ValuesReadBackExactly) {
  EXPECT_EQ(Fmt(0, FloatStyle::kGo), "0");
  EXPECT_EQ(Fmt(-0.0, FloatStyle::kGo), "0");
  EXPECT_EQ(Fmt(1, FloatStyle::kGo), "1");
  EXPECT_EQ(Fmt(0.1, FloatStyle::kGo), "0.1");
  EXPECT_EQ(Fmt(0.1 + 0.2, FloatStyle::kGo), "0.30000000000000004");
  EXPECT_EQ(Fmt(1e6, FloatStyle::kGo), "1e+06");
  EXPECT_EQ(Fmt(123456, FloatStyle::kGo), "123456");
  EXPECT_EQ(Fmt(2.9202192e+07, FloatStyle::kGo), "2.9202192e+07");
  EXPECT_EQ(Fmt(3.257e-05, FloatStyle::kGo), "3.257e-05");
  EXPECT_EQ(Fmt(std::numeric_limits<double>::quiet_NaN(), FloatStyle::kGo), "NaN");
  EXPECT_EQ(Fmt(std::numeric_limits<double>::infinity(), FloatStyle::kGo), "+Inf");
  EXPECT_EQ(Fmt(-std::numeric_limits<double>::infinity(), FloatStyle::kIntegersPlain), "-Inf");
  // Integers plainly, up to 2^53, where floats stop holding every integer.
  EXPECT_EQ(Fmt(1e6, FloatStyle::kIntegersPlain), "1000000");
  EXPECT_EQ(Fmt(-42, FloatStyle::kIntegersPlain), "-42");
  EXPECT_EQ(Fmt(9007199254740991.0, FloatStyle::kIntegersPlain), "9007199254740991");
  EXPECT_EQ(Fmt(9007199254740992.0, FloatStyle::kIntegersPlain), "9.007199254740992e+15");
  EXPECT_EQ(Fmt(2.5, FloatStyle::kIntegersPlain), "2.5");
  // Round trip over awkward values.
  for (double v : {5e-324, 1.7976931348623157e308, 1.0 / 3, 123.456e-10, 9.223372036854776e+18}) {
    for (FloatStyle st : {FloatStyle::kGo, FloatStyle::kIntegersPlain}) {
      double back = 0;
      ASSERT_TRUE(tsdb::testing::ParseExpositionValue(Fmt(v, st), &back)) << Fmt(v, st);
      EXPECT_EQ(std::bit_cast<uint64_t>(back), std::bit_cast<uint64_t>(v));
    }
  }
}

TEST(ExpositionWriterTest, DecimalsPrintAsTheirFloat) {
  // The decimal path must print exactly what the float path prints for
  // the same value, in both styles, across scales and magnitudes.
  tsdb::SplitMix64 rng(0x2545F4914F6CDD1Dull);
  auto next = [&] { return rng.NextU64(); };
  constexpr int64_t kSpans[] = {10, 1'000, 1'000'000, 10'000'000'000, 999'999'999'999'999};
  for (int i = 0; i < 100000; i++) {
    const int64_t span = kSpans[next() % std::size(kSpans)];
    auto m = static_cast<int64_t>(next() % static_cast<uint64_t>(2 * span + 1)) - span;
    if (i % 7 == 0) m *= 1000;  // whole values, trailing zeros
    const int scale = static_cast<int>(next() % 23);
    for (FloatStyle st : {FloatStyle::kGo, FloatStyle::kIntegersPlain}) {
      std::string got;
      AppendExpositionDecimal(m, scale, st, &got);
      ASSERT_EQ(got, Fmt(DecimalValue(m, scale), st)) << m << " x 10^-" << scale;
    }
  }
  std::string s;
  AppendExpositionDecimal(57, 2, FloatStyle::kGo, &s);
  EXPECT_EQ(s, "0.57");
  EXPECT_EQ(Fmt(57 * 0.01, FloatStyle::kGo), "0.5700000000000001");  // why gauges are decimals
}

TEST(ExpositionWriterTest, EscapesHelpAndLabelValues) {
  std::string out;
  ExpositionWriter w(&out);
  w.Help("m", "a \\ b\nc \"q\"");
  w.Type("m", "gauge");
  const tsdb::Label l[] = {{"a", "x\"y\\z\nw"}, {"b", ""}};
  w.Sample("m", l, 1.5);
  w.SampleRaw("m", "", 2);
  w.Finish();
  EXPECT_EQ(out,
            "# HELP m a \\\\ b\\nc \"q\"\n"
            "# TYPE m gauge\n"
            "m{a=\"x\\\"y\\\\z\\nw\",b=\"\"} 1.5\n"
            "m 2\n");
  EXPECT_EQ(w.samples(), 2u);
}

TEST(WaveTableTest, SineFromIntegers) {
  EXPECT_EQ(SineMilli(0, 64'000), 0);
  EXPECT_EQ(SineMilli(16'000, 64'000), 1000);
  EXPECT_EQ(SineMilli(32'000, 64'000), 0);
  EXPECT_EQ(SineMilli(48'000, 64'000), -1000);
  EXPECT_EQ(SineMilli(64'000, 64'000), 0);
  EXPECT_EQ(SineMilli(-16'000, 64'000), -1000);
  EXPECT_EQ(SineMilli(500, 64'000), 49);  // halfway between 0 and 98
  for (int64_t t = 0; t < 64'000; t += 250) {
    EXPECT_EQ(SineMilli(t, 64'000), -SineMilli(t + 32'000, 64'000));
  }
}

std::vector<ScrapeResponse> ScrapeMany(SyntheticTarget& t, int scrapes) {
  std::vector<ScrapeResponse> out;
  for (int i = 0; i < scrapes; i++) out.push_back(t.Scrape(kT0 + i * kIntervalMs));
  return out;
}

// Checks a page line by line: every sample after its family's HELP and
// TYPE, names matching the type, histogram buckets cumulative up to a +Inf
// bucket equal to _count, summaries with their three quantiles. Returns the
// samples.
std::vector<ExpositionSample> CheckPage(const std::string& body) {
  std::vector<ExpositionSample> samples;
  std::map<std::string, std::string> help, type;
  std::string family;
  // Per histogram series (labels without le): cumulative counts and bounds.
  std::map<std::string, std::vector<std::pair<double, double>>> buckets;
  std::map<std::string, double> counts;
  for (const std::string& line : SplitLines(body)) {
    if (line.starts_with("# HELP ")) {
      family = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_FALSE(help.count(family)) << "HELP twice: " << line;
      help[family] = line;
      continue;
    }
    if (line.starts_with("# TYPE ")) {
      const std::string name = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_EQ(name, family) << "TYPE without its HELP first: " << line;
      type[name] = line.substr(line.rfind(' ') + 1);
      continue;
    }
    ExpositionSample s;
    EXPECT_TRUE(ParseExpositionSample(line, &s)) << "bad line: " << line;
    if (!help.count(family) || !type.count(family)) {
      ADD_FAILURE() << "sample before HELP/TYPE: " << line;
      continue;
    }
    const std::string& t = type[family];
    std::string series;  // the labels other than le/quantile
    for (const auto& [n, v] : s.labels) {
      if (n != "le" && n != "quantile") series += n + "=" + v + ";";
    }
    if (t == "counter" || t == "gauge") {
      EXPECT_EQ(s.name, family) << line;
    } else if (t == "histogram") {
      if (s.name == family + "_bucket") {
        const std::string le = LabelOf(s, "le");
        double bound = 0;
        EXPECT_TRUE(tsdb::testing::ParseExpositionValue(le, &bound)) << line;
        buckets[family + series].emplace_back(bound, s.value);
      } else if (s.name == family + "_count") {
        counts[family + series] = s.value;
      } else {
        EXPECT_EQ(s.name, family + "_sum") << line;
      }
    } else if (t == "summary") {
      if (s.name == family) {
        EXPECT_FALSE(LabelOf(s, "quantile").empty()) << line;
      } else {
        EXPECT_TRUE(s.name == family + "_sum" || s.name == family + "_count") << line;
      }
    } else {
      ADD_FAILURE() << "unexpected type " << t;
    }
    samples.push_back(s);
  }
  for (const auto& [series, bs] : buckets) {
    for (size_t i = 1; i < bs.size(); i++) {
      EXPECT_LT(bs[i - 1].first, bs[i].first) << series;    // bounds ascending
      EXPECT_LE(bs[i - 1].second, bs[i].second) << series;  // counts cumulative
    }
    EXPECT_TRUE(std::isinf(bs.back().first)) << series << " lacks le=\"+Inf\"";
    EXPECT_TRUE(counts.count(series)) << series;
    EXPECT_EQ(bs.back().second, counts[series]) << series;
  }
  return samples;
}

TEST(SyntheticTargetTest, SameSeedSameBytesDifferentSeedDifferentValues) {
  SyntheticTargetSpec spec;
  spec.churn_ppm = 50'000;
  spec.counter_reset_ppm = 10'000;
  spec.http_error_ppm = 100'000;
  spec.malformed_ppm = 100'000;
  spec.latency_jitter_ms = 300;
  SyntheticTarget a(spec, 42), b(spec, 42), c(spec, 43);
  const auto ra = ScrapeMany(a, 50), rb = ScrapeMany(b, 50), rc = ScrapeMany(c, 50);
  int body_differs = 0;
  for (size_t i = 0; i < ra.size(); i++) {
    EXPECT_EQ(ra[i].body, rb[i].body) << "scrape " << i;
    EXPECT_EQ(ra[i].outcome, rb[i].outcome);
    EXPECT_EQ(ra[i].latency_ms, rb[i].latency_ms);
    EXPECT_EQ(ra[i].error, rb[i].error);
    body_differs += ra[i].body != rc[i].body;
  }
  EXPECT_GE(body_differs, 45);
  EXPECT_EQ(a.SeriesKeys(), b.SeriesKeys());
}

// FNV-1a 64 over every response of a run: one number for a whole trace.
uint64_t HashRun(SyntheticTarget& t, int scrapes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  };
  for (const ScrapeResponse& r : ScrapeMany(t, scrapes)) {
    mix(r.body);
    mix(r.error);
    mix(std::to_string(r.latency_ms) + "/" + std::to_string(static_cast<int>(r.outcome)));
  }
  return h;
}

TEST(SyntheticTargetTest, GoldenTraceIsTheSameInEveryBuild) {
  // Recorded once; Debug, RelWithDebInfo and sanitizer builds must all give
  // it (DESIGN.md §5). If the generator changes on purpose, record anew and
  // say so: every saved seed then shows different pages. (Re-recorded when
  // gauges in units of 10^-k became exact decimals: the walk's values changed.)
  SyntheticTargetSpec spec;
  spec.churn_ppm = 50'000;
  spec.counter_reset_ppm = 10'000;
  spec.http_error_ppm = 100'000;
  spec.malformed_ppm = 100'000;
  spec.malformed_kind = MalformedKind::kEither;
  spec.latency_jitter_ms = 300;
  spec.timeout_ppm = 50'000;
  spec.extra_labels = {{"zone", "eu\"1"}};
  SyntheticTarget walk(spec, 42);
  spec.gauge_pattern = GaugePattern::kWave;
  spec.integers_plain = false;
  SyntheticTarget wave(spec, 42);
  EXPECT_EQ(HashRun(walk, 50), 0xfa63b1fe42df032eULL);
  EXPECT_EQ(HashRun(wave, 50), 0xc8418195e90cae69ULL);
}

TEST(SyntheticTargetTest, PagesAreWellFormedAndCountMatchesSpec) {
  SyntheticTargetSpec spec;
  spec.counters = 3;
  spec.gauges = 2;
  spec.histograms = 2;
  spec.summaries = 1;
  spec.series_per_family = 5;
  spec.histogram_buckets = {0.1, 1, 10, 100};
  // 3*5 + 2*5 + 2*5*(4 buckets + +Inf + sum + count) + 1*5*(3 quantiles + sum + count)
  const size_t want = 15 + 10 + 70 + 25;
  SyntheticTarget t(spec, 7);
  EXPECT_EQ(t.SamplesPerPage(), want);
  for (int i = 0; i < 20; i++) {
    const ScrapeResponse r = t.Scrape(kT0 + i * kIntervalMs);
    ASSERT_EQ(r.outcome, ScrapeResponse::Outcome::kOk);
    EXPECT_EQ(r.http_status, 200);
    EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
    const auto samples = CheckPage(r.body);
    EXPECT_EQ(samples.size(), want);
    EXPECT_EQ(t.last().samples, want);
    EXPECT_EQ(t.last().malformed_line, 0u);
    EXPECT_EQ(t.last().body_bytes, r.body.size());
    // The target's own idea of its series is the page's, in page order.
    std::vector<std::string> keys;
    for (const auto& s : samples) keys.push_back(s.key);
    EXPECT_EQ(keys, t.SeriesKeys());
  }
}

TEST(SyntheticTargetTest, FirstPageLooksLikeAnExporter) {
  SyntheticTargetSpec spec;
  spec.counters = 1;
  spec.gauges = 0;
  spec.histograms = 1;
  spec.summaries = 1;
  spec.series_per_family = 1;
  spec.histogram_buckets = {0.5, 1};
  SyntheticTarget t(spec, 1);
  const std::vector<std::string> lines = SplitLines(t.Scrape(kT0).body);
  ASSERT_EQ(lines.size(), 2u + 1 + 2 + 5 + 2 + 5);
  EXPECT_EQ(lines[0], "# HELP synth_ops_0_total Synthetic counter 0 of node-1:9100.");
  EXPECT_EQ(lines[1], "# TYPE synth_ops_0_total counter");
  EXPECT_TRUE(lines[2].starts_with("synth_ops_0_total{cpu=\"0\"} ")) << lines[2];
  EXPECT_EQ(lines[4], "# TYPE synth_request_duration_0_seconds histogram");
  EXPECT_TRUE(lines[5].starts_with("synth_request_duration_0_seconds_bucket{cpu=\"0\",le=\"0.5\"} "));
  EXPECT_TRUE(lines[6].starts_with("synth_request_duration_0_seconds_bucket{cpu=\"0\",le=\"1\"} "));
  EXPECT_TRUE(lines[7].starts_with("synth_request_duration_0_seconds_bucket{cpu=\"0\",le=\"+Inf\"} "));
  EXPECT_TRUE(lines[8].starts_with("synth_request_duration_0_seconds_sum{cpu=\"0\"} "));
  EXPECT_TRUE(lines[9].starts_with("synth_request_duration_0_seconds_count{cpu=\"0\"} "));
  EXPECT_EQ(lines[11], "# TYPE synth_response_size_0_bytes summary");
  EXPECT_TRUE(lines[12].starts_with("synth_response_size_0_bytes{cpu=\"0\",quantile=\"0.5\"} "));
  EXPECT_TRUE(lines[13].starts_with("synth_response_size_0_bytes{cpu=\"0\",quantile=\"0.9\"} "));
  EXPECT_TRUE(lines[14].starts_with("synth_response_size_0_bytes{cpu=\"0\",quantile=\"0.99\"} "));
}

TEST(SyntheticTargetTest, ExtraLabelsAreSortedAndEscaped) {
  SyntheticTargetSpec spec;
  spec.counters = 1;
  spec.gauges = spec.histograms = spec.summaries = 0;
  spec.series_per_family = 1;
  spec.extra_labels = {{"zone", "eu \"west\"\\1\nb"}, {"az", "a"}};
  SyntheticTarget t(spec, 1);
  const auto samples = CheckPage(t.Scrape(kT0).body);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_TRUE(samples[0].key == "synth_ops_0_total{az=\"a\",cpu=\"0\",zone=\"eu \\\"west\\\"\\\\1\\nb\"}")
      << samples[0].key;
  EXPECT_EQ(LabelOf(samples[0], "zone"), "eu \"west\"\\1\nb");
}

TEST(SyntheticTargetTest, InvalidSpecsAreRejectedWithTheField) {
  auto bad = [](auto mutate) {
    SyntheticTargetSpec s;
    mutate(s);
    return ValidateSpec(s);
  };
  EXPECT_TRUE(ValidateSpec(SyntheticTargetSpec{}).ok());
  auto st = bad([](SyntheticTargetSpec& s) { s.histogram_buckets = {1, 0.5}; });
  EXPECT_EQ(st.code(), tsdb::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("strictly increasing"), std::string::npos) << st.message();
  EXPECT_FALSE(bad([](SyntheticTargetSpec& s) { s.series_label = "le"; }).ok());
  EXPECT_FALSE(bad([](SyntheticTargetSpec& s) { s.metric_prefix = "9x"; }).ok());
  EXPECT_FALSE(bad([](SyntheticTargetSpec& s) { s.extra_labels = {{"a", "\xff"}}; }).ok());
  EXPECT_FALSE(bad([](SyntheticTargetSpec& s) { s.extra_labels = {{"a", "1"}, {"a", "2"}}; }).ok());
  EXPECT_FALSE(bad([](SyntheticTargetSpec& s) { s.series_per_family = 0; }).ok());
  EXPECT_FALSE(bad([](SyntheticTargetSpec& s) { s.churn_ppm = 1'000'001; }).ok());
  EXPECT_FALSE(bad([](SyntheticTargetSpec& s) { s.down = {{10, 5}}; }).ok());
  EXPECT_TRUE(bad([](SyntheticTargetSpec& s) { s.extra_labels = {{"a", "\xc3\xa9t\xc3\xa9"}}; }).ok());
}

std::map<std::string, double> ValuesByKey(const std::string& body) {
  std::map<std::string, double> out;
  for (const auto& s : CheckPage(body)) out[s.key] = s.value;
  return out;
}

TEST(SyntheticTargetTest, CountersNeverDecreaseWithoutResets) {
  SyntheticTargetSpec spec;
  SyntheticTarget t(spec, 9);
  std::map<std::string, double> prev = ValuesByKey(t.Scrape(kT0).body);
  bool grew = false;
  for (int i = 1; i < 30; i++) {
    const auto cur = ValuesByKey(t.Scrape(kT0 + i * kIntervalMs).body);
    for (const auto& [key, v] : cur) {
      const bool cumulative = key.find("_total") != std::string::npos ||
                              key.find("_count") != std::string::npos ||
                              key.find("_bucket") != std::string::npos;
      if (!cumulative) continue;
      EXPECT_GE(v, prev.at(key)) << key;
      grew |= v > prev.at(key);
      EXPECT_EQ(v, std::trunc(v)) << key;  // whole counts
    }
    prev = cur;
  }
  EXPECT_TRUE(grew);
}

TEST(SyntheticTargetTest, CounterResetsHappenWhenConfigured) {
  SyntheticTargetSpec spec;
  spec.gauges = spec.histograms = spec.summaries = 0;
  spec.counter_reset_ppm = 100'000;
  SyntheticTarget t(spec, 9);
  std::map<std::string, double> prev = ValuesByKey(t.Scrape(kT0).body);
  int resets = 0;
  for (int i = 1; i < 50; i++) {
    const auto cur = ValuesByKey(t.Scrape(kT0 + i * kIntervalMs).body);
    for (const auto& [key, v] : cur) resets += v < prev.at(key);
    prev = cur;
  }
  // 16 series x 49 scrapes x 10% ~ 78; a reset to a value no lower is unseen.
  EXPECT_GT(resets, 40);
  EXPECT_LT(resets, 110);
}

TEST(SyntheticTargetTest, GaugeWaveIsPeriodicAndBounded) {
  SyntheticTargetSpec spec;
  spec.counters = spec.histograms = spec.summaries = 0;
  spec.gauge_pattern = GaugePattern::kWave;
  spec.gauge_wave_period_ms = 600'000;
  spec.gauge_wave_center_units = 10'000;
  spec.gauge_wave_amplitude_units = 5'000;
  spec.gauge_unit = 0.01;  // 50 .. 150
  SyntheticTarget t(spec, 4);
  std::vector<std::map<std::string, double>> pages;
  for (int i = 0; i < 80; i++) pages.push_back(ValuesByKey(t.Scrape(kT0 + i * kIntervalMs).body));
  std::set<double> distinct;
  for (int i = 0; i < 80; i++) {
    for (const auto& [key, v] : pages[i]) {
      EXPECT_GE(v, 50.0 - 1e-9) << key;
      EXPECT_LE(v, 150.0 + 1e-9) << key;
      distinct.insert(v);
      if (i >= 40) {
        EXPECT_EQ(v, pages[i - 40].at(key)) << key;  // 40 x 15 s = one period
      }
    }
  }
  EXPECT_GT(distinct.size(), 40u);
}

TEST(SyntheticTargetTest, ChurnReplacesAboutTheRequestedShare) {
  SyntheticTargetSpec spec;
  spec.counters = 1;
  spec.gauges = spec.histograms = spec.summaries = 0;
  spec.series_per_family = 1000;
  spec.churn_ppm = 100'000;  // 10% per scrape
  SyntheticTarget t(spec, 5);
  std::set<std::string> prev;
  for (const auto& s : CheckPage(t.Scrape(kT0).body)) prev.insert(s.key);
  EXPECT_EQ(prev.size(), 1000u);
  size_t total = 0;
  for (int i = 2; i < 22; i++) {
    std::set<std::string> cur;
    for (const auto& s : CheckPage(t.Scrape(kT0 + i * kIntervalMs).body)) cur.insert(s.key);
    ASSERT_EQ(cur.size(), 1000u);
    size_t gone = 0;
    for (const auto& k : prev) gone += !cur.count(k);
    EXPECT_EQ(gone, t.last().series_replaced);
    // Binomial(1000, 0.1): mean 100, sd 9.5; +-4.5 sd.
    EXPECT_GE(gone, 57u);
    EXPECT_LE(gone, 143u);
    total += gone;
    prev = std::move(cur);
  }
  EXPECT_NEAR(static_cast<double>(total) / 20, 100, 15);
}

TEST(SyntheticTargetTest, NoChurnKeepsTheSeriesSet) {
  SyntheticTarget t(SyntheticTargetSpec{}, 5);
  (void)t.Scrape(kT0);
  const auto first = t.SeriesKeys();
  for (int i = 1; i < 10; i++) (void)t.Scrape(kT0 + i * kIntervalMs);
  EXPECT_EQ(t.SeriesKeys(), first);
}

TEST(SyntheticTargetTest, GoFloatStyleWhenAsked) {
  SyntheticTargetSpec spec;
  spec.counters = 1;
  spec.gauges = spec.histograms = spec.summaries = 0;
  spec.series_per_family = 1;
  spec.counter_increment_max = 1'000'000;
  spec.integers_plain = false;
  SyntheticTarget t(spec, 2);
  std::string last;
  for (int i = 0; i < 20; i++) last = t.Scrape(kT0 + i * kIntervalMs).body;
  const auto samples = CheckPage(last);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_NE(samples[0].value_text.find("e+0"), std::string::npos) << samples[0].value_text;
}

}  // namespace
}  // namespace tsdbsim
