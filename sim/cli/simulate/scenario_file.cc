#include "sim/cli/simulate/scenario_file.h"

#include <cstdio>

#include "engine/base/posix_filesystem.h"
#include "sim/cli/verbs.h"
#include "sim/scenario/scenario_parser.h"

namespace tsdbsim {

tsdb::Result<std::string> ReadScenarioText(const std::string& file, const char* verb) {
  tsdb::PosixFilesystem host;
  auto text = tsdb::ReadWholeFile(host, file);
  if (!text.ok()) {
    std::fprintf(stderr, "tsdbsim %s: %s\n", verb, text.status().ToString().c_str());
    SetExitCode(2);
    return text.status();
  }
  return std::string(reinterpret_cast<const char*>(text->data()), text->size());
}

tsdb::Result<Scenario> LoadScenarioFile(const std::string& file, const char* verb) {
  tsdb::PosixFilesystem host;
  auto text = tsdb::ReadWholeFile(host, file);
  if (!text.ok()) {
    std::fprintf(stderr, "tsdbsim %s: %s\n", verb, text.status().ToString().c_str());
    SetExitCode(2);
    return text.status();
  }
  auto scenario = ParseScenario(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()), file);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", scenario.status().message().c_str());
    SetExitCode(2);
  }
  return scenario;
}

}  // namespace tsdbsim
