// tsdbsim fork FILE [--seed N] --at T --then LINE [--then LINE...] --out NEW:
// the run of FILE up to T, then the new lines, written as the scenario file
// NEW (a `run` step in progress cut at T, the seed pinned), which is then
// run exactly as `tsdbsim run NEW` runs it.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/posix_filesystem.h"
#include "sim/cli/simulate/run_scenario.h"
#include "sim/cli/simulate/session_flags.h"
#include "sim/cli/verbs.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/step/session.h"

namespace tsdbsim {
namespace {

struct ForkOptions {
  std::string file;
  std::optional<uint64_t> seed;
  std::string at;
  std::vector<std::string> then;
  std::string out;
};

void Fork(const ForkOptions& o) {
  auto times = ParseTimeList(o.at, "fork", "--at");
  if (!times.ok()) return;
  if (times->size() != 1) {
    std::fprintf(stderr, "tsdbsim fork: --at: expected one time, got %zu\n", times->size());
    SetExitCode(2);
    return;
  }
  tsdb::PosixFilesystem host;
  auto session = OpenSession(o.file, o.seed, WatchFlags{}, &host, "fork");
  if (!session.ok()) return;
  if (tsdb::Status s = (*session)->Seek(times->front()); !s.ok()) {
    ReportSessionError(**session, s, "fork");
    return;
  }
  const std::string text = (*session)->ForkText(o.then);
  // The new lines must parse before anything is written (errors name NEW:LINE:COL).
  if (auto parsed = ParseScenario(text, o.out); !parsed.ok()) {
    std::fprintf(stderr, "tsdbsim fork: %s\n", parsed.status().message().c_str());
    SetExitCode(2);
    return;
  }
  const tsdb::ByteView bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  if (tsdb::Status s = tsdb::WriteWholeFile(host, o.out, bytes, /*sync=*/false); !s.ok()) {
    std::fprintf(stderr, "tsdbsim fork: write %s: %s\n", o.out.c_str(), s.ToString().c_str());
    SetExitCode(2);
    return;
  }
  std::printf("fork: wrote %s\n", o.out.c_str());
  RunScenarioFile(RunOptions{.file = o.out});
}

}  // namespace

void RegisterFork(CLI::App& app) {
  auto o = std::make_shared<ForkOptions>();
  CLI::App* cmd = app.add_subcommand("fork", "Continue a run from a moment with extra scenario lines, as a new file");
  cmd->add_option("FILE", o->file, "Scenario file (sim/SCENARIOS.md)")->required();
  cmd->add_option("--seed", o->seed, "Seed, overriding the scenario's");
  cmd->add_option("--at", o->at, "Time since the run began where the fork starts (3h30m)")->required();
  cmd->add_option("--then", o->then, "A scenario line to run from there (repeatable)")->required();
  cmd->add_option("--out", o->out, "Where to write the forked scenario")->required();
  cmd->callback([o] { Fork(*o); });
}

}  // namespace tsdbsim
