// `tsdbsim run` as a function, for the verbs that end by running a scenario
// file exactly as `run` does (fork).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tsdbsim {

struct RunOptions {
  std::string file;
  std::optional<uint64_t> seed;
  std::string trace_path;
  std::string trace_format = "text";
  std::string data_dir;
  bool timing = false;
};

// Prints the summary (ending with seed: and trace-hash:) and sets the exit status.
void RunScenarioFile(const RunOptions& options);

}  // namespace tsdbsim
