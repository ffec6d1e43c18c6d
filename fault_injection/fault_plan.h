// FaultPlan: the rules a SimFilesystem injects faults by, and the space
// budget past which writes fail with ENOSPC. Attach one with
// SimFilesystem::SetFaultPlan; the plan keeps, per rule, how many calls
// matched and how many faults fired, for the trace and the run's summary.
//
// Decisions are made in call order and depend only on the seed, the rules
// and the calls: each rule draws from its own stream, derived from the
// seed, the rule's index and the number of calls it has matched, so adding
// or removing one rule changes no other rule's decisions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "fault_injection/fault_types.h"

namespace tsdbsim::fault {

// One rule firing on one call.
struct FaultFiring {
  size_t rule = 0;
  FaultAction action = FaultAction::kEio;
  uint64_t draw = 0;  // a random value of the rule's stream (which bit flips)
};

class FaultPlan {
 public:
  // Adds a rule and gives its index. InvalidArgument, naming the rule, when
  // the action applies to none of its calls (fsync_fail: sync only;
  // latent_sector: write only; bit_flip: read, map, write), the glob is
  // empty, chance_ppm is over 1,000,000, the window is empty, or a latency
  // rule has no positive latency_ms.
  tsdb::Result<size_t> Add(FaultRule rule);

  // The sum of the visible sizes of the files in the visible tree may not
  // pass bytes: a write that would is cut short, then fails with ENOSPC.
  void SetSpaceBudget(uint64_t bytes) { space_budget_bytes_ = bytes; }
  void ClearSpaceBudget() { space_budget_bytes_.reset(); }
  std::optional<uint64_t> space_budget_bytes() const { return space_budget_bytes_; }

  const std::vector<FaultRule>& rules() const { return rules_; }
  uint64_t matched(size_t rule) const { return counts_.at(rule).matched; }
  uint64_t fired(size_t rule) const { return counts_.at(rule).fired; }
  uint64_t no_space_fired() const { return no_space_fired_; }
  uint64_t latent_reads() const { return latent_reads_; }
  // Forgets what matched and fired (nth counts from the next call again).
  void ResetCounts();
  // One line per rule ("rule 0: eio write /data/wal/*: fired 2 of 17"),
  // then the budget and the faults no rule caused.
  std::string Summary() const;

  // For SimFilesystem: the rules that fire on this call, in rule order,
  // counted. At most one failure (eio or fsync_fail), and none of the
  // corrupting actions when the call fails or moves no bytes (length 0);
  // at most one bit flip and one latent_sector; every latency.
  std::vector<FaultFiring> Decide(FaultCall call, std::string_view path,
                                  std::string_view other_path, int64_t now_ms, uint64_t seed,
                                  uint64_t length_bytes);
  void CountNoSpace() { no_space_fired_++; }
  void CountLatentRead() { latent_reads_++; }

 private:
  struct Counts {
    uint64_t matched = 0;
    uint64_t fired = 0;
  };
  bool Matches(const FaultRule& rule, FaultCall call, std::string_view path,
               std::string_view other_path, int64_t now_ms) const;

  std::vector<FaultRule> rules_;
  std::vector<Counts> counts_;
  std::optional<uint64_t> space_budget_bytes_;
  uint64_t no_space_fired_ = 0;
  uint64_t latent_reads_ = 0;
};

}  // namespace tsdbsim::fault
