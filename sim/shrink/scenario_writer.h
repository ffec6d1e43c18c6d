// Scenario steps back to the line language (sim/SCENARIOS.md), so that a
// shrunk run can be written as a file `tsdbsim run` reproduces. Parsing
// what WriteScenario gives yields the same steps (but new line numbers).
#pragma once

#include <cstdint>
#include <string>

#include "sim/scenario/scenario.h"

namespace tsdbsim {

// "1h30m", "15s", "250ms", "0s": units summed, as the parser reads them.
std::string FormatDurationMs(int64_t ms);
std::string WriteStep(const Step& step);
// One line per step, after a comment header of the given lines.
std::string WriteScenario(const Scenario& scenario, const std::string& header = "");

}  // namespace tsdbsim
