// SyntheticTarget: a made-up exporter serving real text exposition pages
// (counters, gauges, histograms, summaries) from a seed, with churn and
// faults (slow, timing out, HTTP errors, refused, malformed pages). The same
// spec, seed and sequence of Scrape(now_ms) calls give byte-identical
// responses on every machine and build type.
//
// The target's state moves once per Scrape call, whatever the answer: a
// process keeps counting while its scrapes fail.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/scrape/scraper.h"
#include "sim/kernel/rng.h"
#include "sim/targets/synthetic_faults.h"
#include "sim/targets/synthetic_family.h"
#include "sim/targets/synthetic_target_spec.h"

namespace tsdbsim {

// What the target believes it served on its last scrape, for tests and
// the oracle to cross-check against what the scrape loop appended.
struct ServedPage {
  uint64_t scrape_number = 0;  // Scrape calls so far, counted from 1
  int64_t now_ms = 0;
  tsdb::scrape::ScrapeResponse::Outcome outcome = tsdb::scrape::ScrapeResponse::Outcome::kOk;
  int64_t latency_ms = 0;
  bool timed_out = false;       // latency_ms is the spec's timeout_latency_ms
  size_t samples = 0;           // sample lines in the body (0 without a page)
  size_t series_replaced = 0;   // series churned away before this scrape
  size_t malformed_line = 0;    // line number (from 1) of the broken line, 0 if none
  size_t body_bytes = 0;
};

class SyntheticTarget final : public tsdb::scrape::Scraper {
 public:
  // The spec must pass ValidateSpec (asserted). Each target gets its own
  // seed, so targets never share a random stream.
  SyntheticTarget(SyntheticTargetSpec spec, uint64_t seed);
  // Its families point at its spec: not copied, not moved.
  SyntheticTarget(const SyntheticTarget&) = delete;
  SyntheticTarget& operator=(const SyntheticTarget&) = delete;

  tsdb::scrape::ScrapeResponse Scrape(int64_t now_ms) override;
  std::string Address() const override { return spec_.address; }

  const ServedPage& last() const { return last_; }
  // Sample lines of every page: the spec's families x series x lines per series.
  size_t SamplesPerPage() const { return samples_per_page_; }
  // `name{labels}` of each sample line of the current (last served) state, in page order.
  std::vector<std::string> SeriesKeys() const;
  const SyntheticTargetSpec& spec() const { return spec_; }

 private:
  SyntheticTargetSpec spec_;
  Rng root_;
  Rng values_;
  Rng churn_;
  Rng resets_;
  SyntheticFaults faults_;
  std::vector<SyntheticFamily> families_;
  size_t samples_per_page_ = 0;
  uint64_t scrapes_ = 0;
  ServedPage last_;
};

}  // namespace tsdbsim
