// `fault` steps: engine fault points, filesystem faults and swarm plans.
#include "sim/scenario/simulation_internal.h"
#include "sim/scenario/values.h"

namespace tsdbsim {

tsdb::Status Simulation::AddFault(const ::tsdbsim::Step& step) {
  if (step.kind_word == "point") {
    tsdb::FaultPoint point;
    if (!tsdb::FaultPointFromName(step.name, &point)) {
      std::string names;
      for (int i = 0; i < tsdb::kFaultPointCount; i++) {
        names += (i ? ", " : "") + std::string(tsdb::FaultPointName(static_cast<tsdb::FaultPoint>(i)));
      }
      return Error(step, 13, "unknown fault point \"" + step.name + "\" (expected one of " + names + ")");
    }
    uint32_t ppm = 1'000'000;
    for (const Option& o : step.options) {
      if (o.key != "chance") return Error(step, o.column, "unknown option \"" + o.key + "\" (expected chance=RATIO)");
      auto r = ParseRatioPpm(o.value);
      if (!r.ok()) return Error(step, o.column, "chance: " + r.status().message());
      ppm = *r;
    }
    fault_points_->Enable(point, ppm);
    Note("fault", "point " + step.name + " chance_ppm=" + std::to_string(ppm));
    return {};
  }
  return Error(step, step.value_column, "fault \"" + step.kind_word + "\" is not available");
}

}  // namespace tsdbsim
