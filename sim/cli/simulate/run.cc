// tsdbsim run FILE [--seed N] [--trace FILE] [--trace-format text|jsonl|perfetto]
// [--data-dir DIR]: runs a scenario on the simulated filesystem and virtual
// clock. Prints a summary that ends with `seed: N` and `trace-hash: HEX`;
// exit 1 when an expect failed (each named FILE:LINE), 2 on a bad scenario
// or option.
#include <cinttypes>
#include <cstdio>
#include <optional>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "engine/base/realtime_clock.h"
#include "engine/db/go_format.h"
#include "sim/cli/simulate/run_scenario.h"
#include "sim/cli/simulate/scenario_file.h"
#include "sim/cli/verbs.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/sim_disk.h"
#include "sim/scenario/simulation_internal.h"
#include "sim/trace/trace_file.h"
#include "sim/trace/trace_recorder.h"

namespace tsdbsim {
namespace {

void PrintSummary(const Simulation& sim, const TraceRecorder& trace, const std::string& file) {
  std::printf("scenario: %s\n", file.c_str());
  std::printf("virtual time: %s\n", tsdb::db::GoDurationString((sim.loop().NowMs() - kSimEpochMs) * 1'000'000).c_str());
  std::printf("events: %zu\n", trace.size());
  std::printf("acked samples: %" PRId64 "\n", sim.oracle().acked_samples());
  if (const tsdb::db::DB* db = sim.db()) {
    std::printf("head series: %zu, blocks: %zu\n", db->head().NumSeries(), db->blocks().size());
  }
  for (const ExpectOutcome& o : sim.outcomes()) {
    if (o.passed) {
      std::printf("ok      %s:%d: %s\n", file.c_str(), o.line, o.text.c_str());
    } else if (!o.error.empty()) {
      std::printf("FAILED  %s:%d: %s: %s\n", file.c_str(), o.line, o.text.c_str(), o.error.c_str());
    } else {
      std::printf("FAILED  %s:%d: %s (got %.17g)\n", file.c_str(), o.line, o.text.c_str(), o.actual);
    }
  }
  std::printf("seed: %" PRIu64 "\n", sim.seed());
  std::printf("trace-hash: %s\n", trace.HashHex().c_str());
}

}  // namespace

void RunScenarioFile(const RunOptions& o) {
  tsdb::PosixFilesystem host;
  auto scenario = LoadScenarioFile(o.file, "run");
  if (!scenario.ok()) return;  // reported, exit code set
  SimFilesystemDisk disk;
  TraceRecorder trace;
  SimulationOptions so;
  so.seed = o.seed;
  so.host_fs = &host;
  so.trace = &trace;
  so.on_sim_event = [&trace](std::string_view type, std::string_view detail) { trace.AddSimEvent(type, detail); };
  Simulation sim(*scenario, &disk, so);
  trace.set_clock(&sim.loop().clock());
  tsdb::RealtimeClock wall;  // only for --timing, never for the run itself
  const int64_t wall_start_ns = wall.MonotonicNs();
  const tsdb::Status st = sim.Run();
  const int64_t wall_ns = wall.MonotonicNs() - wall_start_ns;
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    std::fprintf(stderr, "seed: %" PRIu64 "\n", sim.seed());
    SetExitCode(st.code() == tsdb::StatusCode::kInvalidArgument ? 2 : 1);
    return;
  }
  PrintSummary(sim, trace, o.file);
  if (o.timing) {
    // On stderr: the summary on stdout stays the same from run to run.
    const double virtual_s = static_cast<double>(sim.loop().NowMs() - kSimEpochMs) / 1e3;
    const double wall_s = static_cast<double>(wall_ns) / 1e9;
    std::fprintf(stderr, "wall time: %.3fs, virtual time: %.0fs, speed: %.0fx real time\n", wall_s, virtual_s,
                 wall_s > 0 ? virtual_s / wall_s : 0.0);
  }
  if (!o.trace_path.empty()) {
    const TraceFormat fmt = o.trace_format == "jsonl"      ? TraceFormat::kJsonLines
                            : o.trace_format == "perfetto" ? TraceFormat::kPerfetto
                                                           : TraceFormat::kText;
    if (tsdb::Status s = WriteTraceFile(host, o.trace_path, fmt, trace.records()); !s.ok()) {
      std::fprintf(stderr, "tsdbsim run: write trace: %s\n", s.ToString().c_str());
      SetExitCode(1);
      return;
    }
  }
  if (!o.data_dir.empty()) {
    // As a Prometheus stopped with SIGTERM leaves it once the kernel has
    // written its page cache back (sync(1)): 2.42 never fsyncs a new WAL
    // segment's directory entry nor an older segment left by a crash, so the
    // strictly durable state could lack acknowledged samples. After the trace
    // and its hash, so that asking for the directory changes neither.
    tsdb::Status s = sim.Shutdown();
    if (s.ok()) s = disk.sim().WriteVisibleTreeTo(host, "/data", o.data_dir);
    if (!s.ok()) {
      std::fprintf(stderr, "tsdbsim run: write data dir: %s\n", s.ToString().c_str());
      SetExitCode(1);
      return;
    }
  }
  SetExitCode(sim.failed_expects() > 0 ? 1 : 0);
}

void RegisterRun(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand("run", "Run a scenario on the simulator (virtual time, simulated disk)");
  run->add_option("FILE", o->file, "Scenario file (sim/SCENARIOS.md)")->required();
  run->add_option("--seed", o->seed, "Seed, overriding the scenario's");
  run->add_option("--trace", o->trace_path, "Write the trace to this file");
  run->add_option("--trace-format", o->trace_format, "text, jsonl or perfetto")
      ->check(CLI::IsMember({"text", "jsonl", "perfetto"}));
  run->add_option("--data-dir", o->data_dir,
                  "After the run, stop cleanly and write the data directory here (real Prometheus opens it)");
  run->add_flag("--timing", o->timing, "Print wall time and virtual/wall speed to stderr");
  run->callback([o] { RunScenarioFile(*o); });
}

}  // namespace tsdbsim
