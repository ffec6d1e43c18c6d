// tsdbsim snapshot FILE [--seed N] --at T[,T...] [--watch SELECTOR]
// [--watch-max N] [--json]: seeks to each time in the order given (so
// `--at 5h,2h` goes back) and prints the world there, as text or as one
// JSON object per line (sim/SNAPSHOT.md).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/posix_filesystem.h"
#include "sim/cli/simulate/scenario_file.h"
#include "sim/cli/simulate/session_flags.h"
#include "sim/cli/verbs.h"
#include "sim/step/session.h"
#include "sim/step/world_json.h"

namespace tsdbsim {
namespace {

struct SnapshotOptions {
  std::string file;
  std::optional<uint64_t> seed;
  std::string at;
  WatchFlags watch;
  bool json = false;
};

void Snapshot(const SnapshotOptions& o) {
  auto times = ParseTimeList(o.at, "snapshot", "--at");
  if (!times.ok()) return;
  tsdb::PosixFilesystem host;
  auto session = OpenSession(o.file, o.seed, o.watch, &host, "snapshot");
  if (!session.ok()) return;
  for (const int64_t t : *times) {
    if (tsdb::Status s = (*session)->Seek(t); !s.ok()) {
      ReportSessionError(**session, s, "snapshot");
      return;
    }
    const World world = (*session)->TakeWorld();
    if (o.json) {
      std::printf("%s\n", WorldToJson(world).dump().c_str());
    } else {
      std::printf("%s", WorldToText(world).c_str());
    }
  }
  std::fflush(stdout);
  SetExitCode(0);
}

}  // namespace

void RegisterSnapshot(CLI::App& app) {
  auto o = std::make_shared<SnapshotOptions>();
  CLI::App* cmd = app.add_subcommand("snapshot", "Print the world of a simulated run at virtual times (sim/SNAPSHOT.md)");
  cmd->add_option("FILE", o->file, "Scenario file (sim/SCENARIOS.md)")->required();
  cmd->add_option("--seed", o->seed, "Seed, overriding the scenario's");
  cmd->add_option("--at", o->at, "Times since the run began, comma separated (5h,2h30m), in the order to visit them")
      ->required();
  AddWatchFlags(cmd, &o->watch);
  cmd->add_flag("--json", o->json, "One JSON object per line, one line per time");
  cmd->callback([o] { Snapshot(*o); });
}

}  // namespace tsdbsim
