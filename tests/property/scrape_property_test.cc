// Random scrape schedules (jobs, intervals, targets with churn and faults,
// targets coming and going, sample limits) → every sample the fanout
// committed is readable through the querier, and nothing else is there.
// The remote-write receiver, as the fanout's secondary, sees exactly the
// committed batches: it is the oracle.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "sim/targets/synthetic_target.h"
#include "support/scrape_rig.h"

namespace tsdb::testing {
namespace {

tsdbsim::SyntheticTargetSpec GenSpec(int index) {
  tsdbsim::SyntheticTargetSpec s;
  s.address = "host-" + std::to_string(index) + ":9100";
  s.counters = *rc::gen::inRange(0, 4);
  s.gauges = *rc::gen::inRange(0, 4);
  s.histograms = *rc::gen::inRange(0, 2);
  s.summaries = *rc::gen::inRange(0, 2);
  s.series_per_family = *rc::gen::inRange(1, 4);
  s.churn_ppm = *rc::gen::element<uint32_t>(0, 0, 100'000, 500'000);
  s.counter_reset_ppm = *rc::gen::element<uint32_t>(0, 50'000);
  s.http_error_ppm = *rc::gen::element<uint32_t>(0, 0, 150'000);
  s.malformed_ppm = *rc::gen::element<uint32_t>(0, 0, 150'000);
  s.timeout_ppm = *rc::gen::element<uint32_t>(0, 0, 100'000);
  s.latency_ms = *rc::gen::inRange<int64_t>(0, 2'000);
  if (*rc::gen::arbitrary<bool>()) s.extra_labels = {{"path", "C:\\dir \"quoted\"\n"}};
  return s;
}

using SampleMap = std::map<std::string, std::map<int64_t, uint64_t>>;

SampleMap Delivered(const tsdbsim::RemoteWriteReceiver& r) {
  SampleMap out;
  for (const auto& s : r.DeliveredSamples()) out[s.labels->ToString()][s.t_ms] = s.value_bits;
  return out;
}

RC_GTEST_PROP(ScrapeProperty, EveryCommittedSampleIsReadableThroughTheQuerier, ()) {
  const auto seed = *rc::gen::arbitrary<uint64_t>();
  ScrapeRig rig(seed);
  tsdbsim::Rng seeds(seed);
  std::vector<std::unique_ptr<tsdbsim::SyntheticTarget>> targets;
  std::vector<scrape::JobConfig> jobs;
  const int n_jobs = *rc::gen::inRange(1, 3);
  for (int j = 0; j < n_jobs; j++) {
    scrape::JobConfig job{ScrapeRig::Job("job" + std::to_string(j),
                                         *rc::gen::element<int64_t>(5'000, 10'000, 15'000, 30'000)),
                          {}};
    job.config.sample_limit = *rc::gen::element<int64_t>(0, 0, 0, 20);
    const int n_targets = *rc::gen::inRange(1, 4);
    for (int t = 0; t < n_targets; t++) {
      targets.push_back(
          std::make_unique<tsdbsim::SyntheticTarget>(GenSpec(static_cast<int>(targets.size())), seeds.NextU64()));
      job.targets.push_back({targets.back().get(), Labels()});
    }
    jobs.push_back(std::move(job));
  }
  RC_ASSERT(rig.manager->ApplyConfig(jobs).ok());

  // A few reconfigurations: a target leaves, or comes back.
  int64_t t = ScrapeRig::kStartMs;
  const int changes = *rc::gen::inRange(0, 4);
  for (int c = 0; c < changes; c++) {
    t += *rc::gen::inRange<int64_t>(10'000, 6 * 60'000);
    rig.loop.RunUntil(t);
    scrape::JobConfig& job = jobs[*rc::gen::inRange<size_t>(0, jobs.size())];
    if (!job.targets.empty() && *rc::gen::arbitrary<bool>()) {
      job.targets.erase(job.targets.begin() + *rc::gen::inRange<long>(0, static_cast<long>(job.targets.size())));
    } else {
      job.targets.push_back({targets[*rc::gen::inRange<size_t>(0, targets.size())].get(), Labels()});
    }
    RC_ASSERT(rig.manager->ApplyConfig(jobs).ok());
  }
  rig.loop.RunUntil(t + *rc::gen::inRange<int64_t>(60'000, 10 * 60'000));

  const SampleMap stored = rig.AllSamples();
  const SampleMap committed = Delivered(rig.receiver);
  RC_CLASSIFY(committed.empty(), "every target left before its first scrape");
  RC_ASSERT(stored == committed);
}

}  // namespace
}  // namespace tsdb::testing
