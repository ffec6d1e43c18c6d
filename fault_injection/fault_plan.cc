#include "fault_injection/fault_plan.h"

#include <fnmatch.h>

#include <algorithm>

#include "fault_injection/fault_random.h"

namespace tsdbsim::fault {
namespace {

bool IsFailure(FaultAction a) { return a == FaultAction::kEio || a == FaultAction::kFsyncFail; }
bool IsCorruption(FaultAction a) {
  return a == FaultAction::kLatentSector || a == FaultAction::kBitFlip;
}

bool GlobMatches(const std::string& glob, std::string_view path) {
  if (path.empty()) return false;
  return ::fnmatch(glob.c_str(), std::string(path).c_str(), 0) == 0;
}

}  // namespace

tsdb::Result<size_t> FaultPlan::Add(FaultRule rule) {
  const std::string where = "fault rule " + std::to_string(rules_.size()) + " (" +
                            FaultActionName(rule.action) + ")";
  const FaultCallSet usable = rule.calls & ActionCalls(rule.action);
  if (usable == 0) {
    return tsdb::Status::InvalidArgument(where + ": applies to " +
                                         FaultCallSetName(ActionCalls(rule.action)) +
                                         " calls, not " + FaultCallSetName(rule.calls));
  }
  if (rule.path_glob.empty()) return tsdb::Status::InvalidArgument(where + ": empty path glob");
  if (rule.chance_ppm > 1'000'000) {
    return tsdb::Status::InvalidArgument(where + ": chance_ppm " + std::to_string(rule.chance_ppm) +
                                         " is over 1000000");
  }
  if (rule.from_ms >= rule.until_ms) {
    return tsdb::Status::InvalidArgument(where + ": empty time window");
  }
  if (rule.action == FaultAction::kLatency && rule.latency_ms <= 0) {
    return tsdb::Status::InvalidArgument(where + ": latency_ms must be positive");
  }
  rule.calls = usable;
  rules_.push_back(std::move(rule));
  counts_.push_back({});
  return rules_.size() - 1;
}

void FaultPlan::ResetCounts() {
  for (Counts& c : counts_) c = {};
  no_space_fired_ = 0;
  latent_reads_ = 0;
}

bool FaultPlan::Matches(const FaultRule& rule, FaultCall call, std::string_view path,
                        std::string_view other_path, int64_t now_ms) const {
  if ((rule.calls & CallSet(call)) == 0) return false;
  if (now_ms < rule.from_ms || now_ms >= rule.until_ms) return false;
  return GlobMatches(rule.path_glob, path) || GlobMatches(rule.path_glob, other_path);
}

std::vector<FaultFiring> FaultPlan::Decide(FaultCall call, std::string_view path,
                                           std::string_view other_path, int64_t now_ms,
                                           uint64_t seed, uint64_t length_bytes) {
  std::vector<FaultFiring> out;
  bool failed = false, flipped = false, latent = false;
  for (size_t i = 0; i < rules_.size(); i++) {
    const FaultRule& rule = rules_[i];
    if (!Matches(rule, call, path, other_path, now_ms)) continue;
    const uint64_t n = ++counts_[i].matched;
    if (rule.nth != 0 && n != rule.nth) continue;
    if (rule.max_times != 0 && counts_[i].fired >= rule.max_times) continue;
    FaultRandom random(DeriveSeed(DeriveSeed(seed, i), n));
    if (rule.chance_ppm < 1'000'000 && !random.ChancePpm(rule.chance_ppm)) continue;
    const FaultAction a = rule.action;
    if (IsFailure(a) && failed) continue;
    if (IsCorruption(a) && length_bytes == 0) continue;
    if (a == FaultAction::kBitFlip && flipped) continue;
    if (a == FaultAction::kLatentSector && latent) continue;
    failed |= IsFailure(a);
    flipped |= a == FaultAction::kBitFlip;
    latent |= a == FaultAction::kLatentSector;
    out.push_back({i, a, random.Next()});
  }
  // A failed call stores and returns nothing to corrupt.
  if (failed) std::erase_if(out, [](const FaultFiring& f) { return IsCorruption(f.action); });
  for (const FaultFiring& f : out) counts_[f.rule].fired++;
  return out;
}

std::string FaultPlan::Summary() const {
  std::string out;
  for (size_t i = 0; i < rules_.size(); i++) {
    const FaultRule& r = rules_[i];
    out += "rule " + std::to_string(i) + ": " + FaultActionName(r.action) + " " +
           FaultCallSetName(r.calls) + " " + r.path_glob + ": fired " +
           std::to_string(counts_[i].fired) + " of " + std::to_string(counts_[i].matched) + "\n";
  }
  if (space_budget_bytes_.has_value()) {
    out += "space budget " + std::to_string(*space_budget_bytes_) + " bytes: no_space " +
           std::to_string(no_space_fired_) + "\n";
  }
  if (latent_reads_ > 0) out += "latent_read " + std::to_string(latent_reads_) + "\n";
  return out;
}

}  // namespace tsdbsim::fault
