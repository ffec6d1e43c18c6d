#include "sim/targets/synthetic_target.h"

#include <utility>

#include "engine/base/assert.h"

namespace tsdbsim {

using tsdb::scrape::ScrapeResponse;

SyntheticTarget::SyntheticTarget(SyntheticTargetSpec spec, uint64_t seed)
    : spec_(std::move(spec)),
      root_(seed),
      values_(root_.Fork(1)),
      churn_(root_.Fork(2)),
      resets_(root_.Fork(3)),
      faults_(&spec_, &root_) {
  TSDB_ASSERT(ValidateSpec(spec_).ok());
  const std::string& p = spec_.metric_prefix;
  const std::string& who = spec_.address;
  auto add = [&](FamilyKind kind, int count, const std::string& stem, const std::string& suffix,
                 const std::string& what) {
    for (int i = 0; i < count; i++) {
      const std::string n = std::to_string(i);
      families_.emplace_back(kind, p + "_" + stem + "_" + n + suffix,
                             "Synthetic " + what + " " + n + " of " + who + ".", &spec_, &values_);
    }
  };
  // Names avoid the type words, which promtool's linter rejects in names.
  add(FamilyKind::kCounter, spec_.counters, "ops", "_total", "counter");
  add(FamilyKind::kGauge, spec_.gauges, "level", "", "gauge");
  add(FamilyKind::kHistogram, spec_.histograms, "request_duration", "_seconds", "histogram");
  add(FamilyKind::kSummary, spec_.summaries, "response_size", "_bytes", "summary");
  for (const SyntheticFamily& f : families_) {
    samples_per_page_ += f.SamplesPerSeries() * static_cast<size_t>(spec_.series_per_family);
  }
}

ScrapeResponse SyntheticTarget::Scrape(int64_t now_ms) {
  scrapes_++;
  ServedPage served;
  served.scrape_number = scrapes_;
  served.now_ms = now_ms;
  if (scrapes_ > 1) {  // the first page shows the initial series
    for (SyntheticFamily& f : families_) served.series_replaced += f.Churn(&churn_, &values_);
  }
  for (SyntheticFamily& f : families_) f.Advance(&values_, &resets_);
  const FaultDecision d = faults_.Decide(scrapes_, now_ms, samples_per_page_);

  ScrapeResponse r;
  r.content_type = std::string(kTextContentType);
  if (d.refused) {
    r.outcome = ScrapeResponse::Outcome::kRefused;
    r.http_status = 0;
    r.content_type.clear();
    // Go's net/http wording, as the targets page shows it.
    r.error = "Get \"http://" + spec_.address + "/metrics\": dial tcp " + spec_.address +
              ": connect: connection refused";
  } else if (d.http_error) {
    r.outcome = ScrapeResponse::Outcome::kHttpError;
    r.http_status = spec_.http_error_status;
    std::string status = std::to_string(spec_.http_error_status);
    const std::string text = HttpStatusText(spec_.http_error_status);
    if (!text.empty()) status += " " + text;
    r.content_type = "text/plain; charset=utf-8";
    r.body = status + "\n";
    r.error = "server returned HTTP status " + status;
    r.latency_ms = d.latency_ms;
    served.timed_out = d.timed_out;
  } else {
    // Pages change little from one scrape to the next: room for the last
    // one spares the string's repeated growth.
    r.body.reserve(last_.body_bytes + last_.body_bytes / 8);
    ExpositionWriter w(&r.body, spec_.integers_plain ? FloatStyle::kIntegersPlain : FloatStyle::kGo);
    for (const SyntheticFamily& f : families_) f.Render(now_ms, &w);
    w.Finish();
    TSDB_ASSERT(w.samples() == samples_per_page_);
    served.samples = w.samples();
    if (d.malformed) {
      served.malformed_line = InjectMalformedLine(&r.body, d.malformed_sample, d.malformed_kind);
    }
    r.latency_ms = d.latency_ms;
    served.timed_out = d.timed_out;
  }
  served.outcome = r.outcome;
  served.latency_ms = r.latency_ms;
  served.body_bytes = r.body.size();
  last_ = served;
  return r;
}

std::vector<std::string> SyntheticTarget::SeriesKeys() const {
  std::vector<std::string> keys;
  keys.reserve(samples_per_page_);
  for (const SyntheticFamily& f : families_) f.AppendSeriesKeys(&keys);
  return keys;
}

}  // namespace tsdbsim
