// Reading a scenario file for a verb: errors go to stderr as
// "FILE:LINE:COL: ..." (or "tsdbsim VERB: ...") and set exit status 2.
#pragma once

#include <string>

#include "sim/scenario/scenario.h"
#include "engine/base/status.h"

namespace tsdbsim {

tsdb::Result<Scenario> LoadScenarioFile(const std::string& file, const char* verb);
// The file's text, for verbs that open a Session (which parses it).
tsdb::Result<std::string> ReadScenarioText(const std::string& file, const char* verb);

}  // namespace tsdbsim
