#include "sim/cli/simulate/session_flags.h"

#include <cinttypes>
#include <cstdio>

#include "engine/labels/matcher.h"
#include "sim/cli/simulate/scenario_file.h"
#include "sim/cli/verbs.h"
#include "sim/scenario/values.h"

namespace tsdbsim {

void AddWatchFlags(CLI::App* cmd, WatchFlags* flags) {
  cmd->add_option("--watch", flags->selector,
                  "Series selector (up{job=\"node\"}): the series whose chunks the world shows");
  cmd->add_option("--watch-max", flags->max_series, "How many matching series to show")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
}

tsdb::Result<std::vector<int64_t>> ParseTimeList(const std::string& text, const char* verb, const char* flag) {
  std::vector<int64_t> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    auto ms = ParseDurationMs(part);
    if (!ms.ok()) {
      std::fprintf(stderr, "tsdbsim %s: %s: %s\n", verb, flag, ms.status().message().c_str());
      SetExitCode(2);
      return ms.status();
    }
    out.push_back(*ms);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

tsdb::Result<std::unique_ptr<Session>> OpenSession(const std::string& file, std::optional<uint64_t> seed,
                                                   const WatchFlags& watch, tsdb::Filesystem* host, const char* verb) {
  SessionOptions options;
  options.seed = seed;
  options.host_fs = host;
  options.watch.max_series = watch.max_series;
  if (!watch.selector.empty()) {
    auto matchers = tsdb::ParseMatchers(watch.selector);
    if (!matchers.ok()) {
      std::fprintf(stderr, "tsdbsim %s: --watch: %s\n", verb, matchers.status().message().c_str());
      SetExitCode(2);
      return matchers.status();
    }
    options.watch.matchers = std::move(*matchers);
  }
  auto text = ReadScenarioText(file, verb);
  if (!text.ok()) return text.status();
  auto session = Session::Open(std::move(*text), file, std::move(options));
  if (!session.ok()) {
    std::fprintf(stderr, "%s\n", session.status().message().c_str());
    SetExitCode(2);
  }
  return session;
}

void ReportSessionError(const Session& session, const tsdb::Status& status, const char* verb) {
  std::fprintf(stderr, "tsdbsim %s: %s\n", verb, status.message().c_str());
  std::fprintf(stderr, "seed: %" PRIu64 "\n", session.seed());
  SetExitCode(status.code() == tsdb::StatusCode::kInvalidArgument ? 2 : 1);
}

}  // namespace tsdbsim
