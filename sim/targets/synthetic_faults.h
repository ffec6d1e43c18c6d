// The misbehaviour of a synthetic target, decided per scrape: refused
// connections, HTTP errors, slow and timing-out answers, malformed pages.
// Each kind draws from its own stream so that turning one on changes
// neither the page values nor the other faults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/kernel/rng.h"
#include "sim/targets/synthetic_target_spec.h"

namespace tsdbsim {

struct FaultDecision {
  bool refused = false;
  bool http_error = false;
  bool timed_out = false;  // latency_ms is timeout_latency_ms
  int64_t latency_ms = 0;
  bool malformed = false;
  size_t malformed_sample = 0;  // which sample line, counted from 0
  MalformedKind malformed_kind = MalformedKind::kBadValue;  // never kEither here
};

class SyntheticFaults {
 public:
  // Forks its streams from `root`. spec must outlive this object.
  SyntheticFaults(const SyntheticTargetSpec* spec, Rng* root);

  // scrape_number counts Scrape calls from 1; samples_per_page > 0 for a
  // malformed line to be placed.
  FaultDecision Decide(uint64_t scrape_number, int64_t now_ms, size_t samples_per_page);

 private:
  static bool EveryNth(uint32_t n, uint64_t scrape_number) { return n > 0 && scrape_number % n == 0; }

  const SyntheticTargetSpec* spec_;
  Rng latency_;
  Rng timeout_;
  Rng http_;
  Rng malformed_;
};

// Breaks the sample line sample_index (counted from 0 over the lines that
// are not comments) of an exposition body so that the text parser rejects
// it; returns its line number (from 1). The body must have that many
// sample lines, each with at least one label.
size_t InjectMalformedLine(std::string* body, size_t sample_index, MalformedKind kind);

// "Internal Server Error" for 500, as Go's http.StatusText; "" if unknown.
const char* HttpStatusText(int status);

}  // namespace tsdbsim
