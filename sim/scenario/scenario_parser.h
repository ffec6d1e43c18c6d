// The scenario line language (sim/SCENARIOS.md): one step per line, words
// separated by blanks, `key=value` options, `#` starts a comment. Parsing
// checks the shape of every line; option values are checked when the
// simulation is set up, with the same FILE:LINE:COL errors.
#pragma once

#include <string>
#include <string_view>

#include "engine/base/status.h"
#include "sim/scenario/scenario.h"

namespace tsdbsim {

// `file` only names the source in errors: "FILE:LINE:COL: message".
tsdb::Result<Scenario> ParseScenario(std::string_view text, const std::string& file);

// The events `run until` can wait for.
bool IsRunUntilEvent(std::string_view name);

}  // namespace tsdbsim
