// tsdbsim explore FILE [--modes process,power,torn] [--max-states N]
// [--seed N] [--shrink-to OUT]: the crash-state explorer
// (sim/explore/explorer.h). Prints states explored, states/s and every
// violation; exit 1 when there is one, 2 on a bad scenario or option.
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <optional>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "engine/base/realtime_clock.h"
#include "engine/db/go_format.h"
#include "sim/cli/simulate/scenario_file.h"
#include "sim/cli/verbs.h"
#include "sim/explore/explorer.h"
#include "sim/shrink/shrinker.h"

namespace tsdbsim {
namespace {

struct ExploreCliOptions {
  std::string file;
  std::string modes = "process,power,torn";
  uint64_t max_states = 10'000;
  std::optional<uint64_t> seed;
  std::string shrink_to;
};

tsdb::Result<std::vector<CrashKind>> ParseModes(const std::string& text) {
  std::vector<CrashKind> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t comma = std::min(text.find(',', pos), text.size());
    const std::string m = text.substr(pos, comma - pos);
    // "power" is short for power_loss here.
    const std::optional<CrashKind> parsed = ParseCrashKind(m == "power" ? "power_loss" : m);
    if (!parsed) {
      return tsdb::Status::InvalidArgument("--modes: unknown mode \"" + m + "\" (expected process, power or torn)");
    }
    bool seen = false;
    for (CrashKind x : out) seen = seen || x == *parsed;
    if (!seen) out.push_back(*parsed);
    pos = comma + 1;
  }
  return out;
}

// A bar redrawn in place on a terminal; elsewhere a line per tenth.
class Bar {
 public:
  explicit Bar(bool terminal) : terminal_(terminal) {}
  void Show(uint64_t done, uint64_t total) {
    if (total == 0) return;
    const uint64_t tenth = done * 10 / total;
    if (!terminal_) {
      if (tenth != last_tenth_) std::fprintf(stderr, "explored %" PRIu64 "/%" PRIu64 " states\n", done, total);
      last_tenth_ = tenth;
      return;
    }
    const uint64_t filled = done * 40 / total;
    if (filled == last_filled_ && done != total) return;
    last_filled_ = filled;
    std::string bar(filled, '#');
    bar.resize(40, '.');
    std::fprintf(stderr, "\r[%s] %" PRIu64 "/%" PRIu64, bar.c_str(), done, total);
    if (done >= total) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }

 private:
  bool terminal_;
  uint64_t last_tenth_ = 0;
  uint64_t last_filled_ = UINT64_MAX;
};

void PrintResult(const ExploreResult& r, const std::string& file, double wall_s) {
  std::printf("scenario: %s\n", file.c_str());
  std::printf("seed: %" PRIu64 "\n", r.seed);
  std::printf("operations: %" PRIu64 " (every boundary %s)\n", r.total_ops,
              r.stride == 1 ? "explored" : ("1 in " + std::to_string(r.stride) + " explored").c_str());
  std::printf("states: %" PRIu64 " (process %" PRIu64 ", power_loss %" PRIu64 ", torn %" PRIu64 ")\n", r.states,
              r.states_by_mode[1], r.states_by_mode[2], r.states_by_mode[3]);
  if (r.skipped_recovering > 0) {
    std::printf("boundaries skipped during recovery from a power loss: %" PRIu64 "\n", r.skipped_recovering);
  }
  std::printf("states/s: %.0f (%.2fs)\n", wall_s > 0 ? static_cast<double>(r.states) / wall_s : 0.0, wall_s);
  std::printf("violations: %" PRIu64 " states\n", r.violating_states);
  for (const ExploreViolation& v : r.violations) {
    std::printf("  crash %s after op %" PRIu64 " (%s) at %s: %s\n", CrashKindName(v.mode), v.op, v.op_text.c_str(),
                tsdb::db::GoDurationString(v.t_ms * 1'000'000).c_str(), v.summary.c_str());
  }
  if (r.failed_expects > 0) std::printf("failed expects in the run itself: %d\n", r.failed_expects);
}

void RunExplore(const ExploreCliOptions& o) {
  auto modes = ParseModes(o.modes);
  if (!modes.ok()) {
    std::fprintf(stderr, "tsdbsim explore: %s\n", modes.status().message().c_str());
    SetExitCode(2);
    return;
  }
  auto scenario = LoadScenarioFile(o.file, "explore");
  if (!scenario.ok()) return;  // reported, exit code set
  ExploreOptions eo;
  eo.modes = *modes;
  eo.max_states = o.max_states;
  eo.seed = o.seed;
  Bar bar(::isatty(STDERR_FILENO) != 0);
  eo.progress = [&bar](uint64_t done, uint64_t total) { bar.Show(done, total); };
  tsdb::RealtimeClock wall;  // for states/s only
  const int64_t start_ns = wall.MonotonicNs();
  auto r = Explore(*scenario, eo);
  const double wall_s = static_cast<double>(wall.MonotonicNs() - start_ns) / 1e9;
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().message().c_str());
    SetExitCode(r.status().code() == tsdb::StatusCode::kInvalidArgument ? 2 : 1);
    return;
  }
  PrintResult(*r, o.file, wall_s);
  if (r->violating_states > 0 && !o.shrink_to.empty()) {
    ShrinkOptions so;
    so.seed = r->seed;
    so.explore_modes = eo.modes;
    auto shrunk = ShrinkExploreFailure(*scenario, so);
    if (!shrunk.ok()) {
      std::fprintf(stderr, "tsdbsim explore: shrink: %s\n", shrunk.status().ToString().c_str());
    } else if (tsdb::Status s = WriteShrunkScenario(*shrunk, o.shrink_to); !s.ok()) {
      std::fprintf(stderr, "tsdbsim explore: %s\n", s.ToString().c_str());
    } else {
      std::printf("shrunk to %zu steps (%d attempts): %s (reproduce: tsdbsim run %s)\n", shrunk->steps, shrunk->attempts,
                  o.shrink_to.c_str(), o.shrink_to.c_str());
    }
  }
  SetExitCode(r->violating_states > 0 ? 1 : 0);
}

}  // namespace

void RegisterExplore(CLI::App& app) {
  auto o = std::make_shared<ExploreCliOptions>();
  CLI::App* cmd = app.add_subcommand("explore", "Check every crash state of a scenario (crash explorer)");
  cmd->add_option("FILE", o->file, "Scenario file (sim/SCENARIOS.md)")->required();
  cmd->add_option("--modes", o->modes, "Crash modes: process,power,torn");
  cmd->add_option("--max-states", o->max_states, "At most this many states (0: every boundary)");
  cmd->add_option("--seed", o->seed, "Seed, overriding the scenario's");
  cmd->add_option("--shrink-to", o->shrink_to, "On a violation, shrink the scenario and write it here");
  cmd->callback([o] { RunExplore(*o); });
}

}  // namespace tsdbsim
