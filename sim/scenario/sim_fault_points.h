// The engine's fault points (engine/base/fault_points.h) as a scenario sets
// them: each point fires with its chance, drawn from a stream of the run's
// seed that only enabled points draw from, so a scenario without `fault
// point` steps runs exactly as before.
#pragma once

#include <array>
#include <cstdint>

#include "engine/base/fault_points.h"
#include "sim/kernel/rng.h"

namespace tsdbsim {

class SimFaultPoints final : public tsdb::FaultPoints {
 public:
  explicit SimFaultPoints(Rng rng) : rng_(rng) {}

  void Enable(tsdb::FaultPoint p, uint32_t chance_ppm) { chance_ppm_[Index(p)] = chance_ppm; }
  bool Fire(tsdb::FaultPoint p) override {
    const uint32_t ppm = chance_ppm_[Index(p)];
    if (ppm == 0 || !rng_.ChancePpm(ppm)) return false;
    fired_[Index(p)]++;
    return true;
  }
  int64_t fired(tsdb::FaultPoint p) const { return fired_[Index(p)]; }
  int64_t fired_total() const {
    int64_t n = 0;
    for (int64_t f : fired_) n += f;
    return n;
  }

 private:
  static size_t Index(tsdb::FaultPoint p) { return static_cast<size_t>(p); }

  Rng rng_;
  std::array<uint32_t, tsdb::kFaultPointCount> chance_ppm_{};
  std::array<int64_t, tsdb::kFaultPointCount> fired_{};
};

}  // namespace tsdbsim
