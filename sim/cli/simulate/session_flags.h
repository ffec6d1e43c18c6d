// What the verbs that drive a Session share: the --watch flags, time lists
// and opening a session from a scenario file, each error printed once with
// the exit status set (2 for bad input, 1 for a run that failed).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "sim/step/session.h"

namespace tsdbsim {

struct WatchFlags {
  std::string selector;  // "" = the first series created
  size_t max_series = 3;
};

void AddWatchFlags(CLI::App* cmd, WatchFlags* flags);

// "5h,2h30m,0s" -> elapsed ms, in the order given.
tsdb::Result<std::vector<int64_t>> ParseTimeList(const std::string& text, const char* verb, const char* flag);

tsdb::Result<std::unique_ptr<Session>> OpenSession(const std::string& file, std::optional<uint64_t> seed,
                                                   const WatchFlags& watch, tsdb::Filesystem* host, const char* verb);

// A step of the run failed (an engine error, a bad option value).
void ReportSessionError(const Session& session, const tsdb::Status& status, const char* verb);

}  // namespace tsdbsim
