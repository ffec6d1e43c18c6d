// tsdbsim sweep FILE --seeds A..B [--shard I/N] [--jobs J] [--junit FILE]:
// runs one scenario for every seed of a range, each seed in its own
// `tsdbsim run` child (a crash or a sanitizer abort then costs one seed, not
// the sweep), up to J at once. Shards split a range among machines
// (sim/SWEEPS.md). Exit 0 when every seed passed, 1 when any failed, 2 on
// bad arguments or a bad scenario.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/base/posix_filesystem.h"
#include "engine/base/realtime_clock.h"
#include "sim/cli/simulate/sweep_junit.h"
#include "sim/cli/simulate/sweep_plan.h"
#include "sim/cli/simulate/sweep_pool.h"
#include "sim/cli/simulate/sweep_progress.h"
#include "sim/cli/simulate/sweep_text.h"
#include "sim/cli/verbs.h"
#include "sim/scenario/scenario_parser.h"

namespace tsdbsim {
namespace {

// What a failed seed keeps of its output for the JUnit file.
constexpr size_t kJUnitOutputBytes = 64 << 10;
// The summary lists at most this many failed seeds; each was printed anyway.
constexpr size_t kListedFailures = 100;

struct SweepOptions {
  std::string file;
  std::string seeds;
  std::string shard = "1/1";
  std::string jobs;
  std::string junit;
};

struct SeedResult {
  uint64_t seed = 0;
  bool passed = false;
  double seconds = 0;
  std::string status;                // DescribeWaitStatus
  std::vector<std::string> excerpt;  // FAILED lines or the last lines
  std::string output;                // failed seeds only, tail
};

volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void OnStopSignal(int sig) {
  if (g_stop_signal != 0) {  // the second one: quit now, as without a handler
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  g_stop_signal = sig;
}

// Ctrl-C, scancel and a pod's termination stop the sweep in order: children
// are asked to stop and reaped, what finished is reported, and then the
// signal takes its usual course. No SA_RESTART: it must wake up poll().
class StopSignals {
 public:
  StopSignals() {
    struct sigaction sa {};
    sa.sa_handler = OnStopSignal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < kSignals.size(); ++i) {
      sigaction(kSignals[i], nullptr, &old_[i]);
      // An ignored signal stays ignored (nohup, background jobs of scripts).
      if (old_[i].sa_handler != SIG_IGN) sigaction(kSignals[i], &sa, nullptr);
    }
    // Inherited SIG_IGN for SIGCHLD would make the kernel reap our children
    // before waitpid sees their status.
    std::signal(SIGCHLD, SIG_DFL);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  ~StopSignals() {
    for (size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &old_[i], nullptr);
  }

 private:
  static constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> old_{};
};

int BadArguments(std::string_view message) {
  std::fprintf(stderr, "tsdbsim sweep: %.*s\n", static_cast<int>(message.size()), message.data());
  return 2;
}

// One parse in the parent turns a broken scenario into one message instead
// of the same message from every child.
bool ScenarioParses(const std::string& file) {
  tsdb::PosixFilesystem host;
  auto text = tsdb::ReadWholeFile(host, file);
  if (!text.ok()) {
    std::fprintf(stderr, "tsdbsim sweep: %s\n", text.status().ToString().c_str());
    return false;
  }
  auto scenario = ParseScenario(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()), file);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", scenario.status().message().c_str());
    return false;
  }
  return true;
}

SeedResult ResultOf(FinishedChild& f) {
  SeedResult r{.seed = f.seed, .seconds = f.seconds, .status = DescribeWaitStatus(f.wait_status)};
  r.passed = WIFEXITED(f.wait_status) && WEXITSTATUS(f.wait_status) == 0;
  if (!r.passed) {
    r.excerpt = FailureExcerpt(f.output);
    const size_t keep = std::min(f.output.size(), kJUnitOutputBytes);
    r.output = f.output.substr(f.output.size() - keep);
  }
  return r;
}

void PrintFailure(const SeedResult& r, const std::string& file) {
  std::printf("seed %" PRIu64 " failed: %s (%.1fs)\n", r.seed, r.status.c_str(), r.seconds);
  std::printf("  reproduce: %s\n", ReproduceCommand(file, r.seed).c_str());
  for (const std::string& line : r.excerpt) std::printf("  %s\n", line.c_str());
  std::fflush(stdout);
}

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += (s.empty() ? "" : "\n") + l;
  return s;
}

bool WriteJUnit(const SweepOptions& o, const std::vector<SeedResult>& results, double seconds) {
  JUnitSuite suite{.name = std::filesystem::path(o.file).stem().string(),
                   .file = o.file,
                   .seeds = o.seeds,
                   .shard = o.shard,
                   .seconds = seconds};
  std::vector<JUnitCase> cases;
  cases.reserve(results.size());
  for (const SeedResult& r : results) {
    JUnitCase c{.seed = r.seed, .seconds = r.seconds, .failed = !r.passed};
    if (c.failed) {
      c.message = r.excerpt.empty() ? r.status : Join(r.excerpt);
      c.details = "reproduce: " + ReproduceCommand(o.file, r.seed) + "\n" + r.status + "\n";
      if (!r.excerpt.empty()) c.details += Join(r.excerpt) + "\n";
      c.output = r.output;
    }
    cases.push_back(std::move(c));
  }
  const std::string xml = JUnitXml(suite, cases);
  std::FILE* f = std::fopen(o.junit.c_str(), "w");
  const bool ok = f != nullptr && std::fwrite(xml.data(), 1, xml.size(), f) == xml.size();
  if (f != nullptr && std::fclose(f) != 0) return false;
  return ok;
}

void PrintSummary(const std::vector<SeedResult>& results, uint64_t planned, double seconds) {
  std::vector<uint64_t> failed;
  for (const SeedResult& r : results) {
    if (!r.passed) failed.push_back(r.seed);
  }
  std::printf("seeds run: %zu, passed: %zu, failed: %zu", results.size(), results.size() - failed.size(),
              failed.size());
  if (results.size() < planned) std::printf(", not run: %" PRIu64, planned - results.size());
  std::printf(" (%.1fs)\n", seconds);
  if (failed.empty()) return;
  std::printf("failed seeds:");
  for (size_t i = 0; i < failed.size() && i < kListedFailures; ++i) std::printf(" %" PRIu64, failed[i]);
  if (failed.size() > kListedFailures) std::printf(" ... (%zu more)", failed.size() - kListedFailures);
  std::printf("\n");
}

int RunSweep(const SweepOptions& o) {
  if (o.file.empty()) return BadArguments("missing the scenario FILE");
  if (o.seeds.empty()) return BadArguments("missing --seeds A..B");
  auto range = ParseSeedRange(o.seeds);
  if (!range.ok()) return BadArguments(range.status().message());
  auto shard = ParseShard(o.shard);
  if (!shard.ok()) return BadArguments(shard.status().message());
  uint64_t jobs = std::max(1u, std::thread::hardware_concurrency());
  if (!o.jobs.empty()) {
    const auto j = ParseDecimalU64(o.jobs);
    if (!j || *j == 0) return BadArguments("--jobs " + o.jobs + ": expected a positive integer");
    jobs = *j;
  }
  auto plan = SweepPlan::Make(*range, *shard);
  if (!plan.ok()) return BadArguments(plan.status().message());
  if (!ScenarioParses(o.file)) return 2;
  // A JUnit path that cannot be written should fail now, not after hours.
  if (!o.junit.empty()) {
    std::FILE* f = std::fopen(o.junit.c_str(), "w");
    if (f == nullptr) return BadArguments("--junit " + o.junit + ": cannot create the file");
    std::fclose(f);
  }

  std::printf("sweep: %s, seeds %" PRIu64 "..%" PRIu64 ", shard %" PRIu64 "/%" PRIu64 " (%" PRIu64
              " seeds), jobs %" PRIu64 "\n",
              o.file.c_str(), range->first, range->last, shard->index, shard->count, plan->size(),
              std::min(jobs, std::max<uint64_t>(plan->size(), 1)));
  std::fflush(stdout);

  const char* term = std::getenv("TERM");
  const bool terminal = ::isatty(STDERR_FILENO) == 1 && !(term != nullptr && std::string_view(term) == "dumb");
  tsdb::RealtimeClock wall;  // timings only: never feeds a simulation
  const int64_t start_ns = wall.MonotonicNs();
  const auto elapsed = [&] { return static_cast<double>(wall.MonotonicNs() - start_ns) / 1e9; };

  StopSignals stop_signals;
  SweepProgress progress(plan->size(), terminal);
  std::vector<SeedResult> results;
  uint64_t next = 0;
  bool stopping = false;      // no more children: a signal or a spawn error
  bool bad_scenario = false;  // a child exited 2: every seed would
  bool spawn_failed = false;
  {
    ChildPool pool(o.file);
    for (;;) {
      if (g_stop_signal != 0 && !stopping) {
        stopping = true;
        pool.TerminateAll();
      }
      while (!stopping && !bad_scenario && pool.running() < jobs && next < plan->size()) {
        if (tsdb::Status s = pool.Start(plan->SeedAt(next)); !s.ok()) {
          progress.Clear();
          std::fprintf(stderr, "tsdbsim sweep: seed %" PRIu64 ": %s\n", plan->SeedAt(next), s.message().c_str());
          stopping = spawn_failed = true;
          break;
        }
        ++next;
      }
      if (pool.running() == 0) break;
      for (FinishedChild& f : pool.Poll(250)) {
        // Children stopped on our behalf did not fail; they just did not run.
        if (g_stop_signal != 0 && WIFSIGNALED(f.wait_status)) continue;
        SeedResult r = ResultOf(f);
        progress.Finished(r.seed, r.passed, r.seconds, elapsed(), pool.running());
        if (!r.passed) {
          progress.Clear();
          PrintFailure(r, o.file);
        }
        bad_scenario = bad_scenario || (WIFEXITED(f.wait_status) && WEXITSTATUS(f.wait_status) == 2);
        results.push_back(std::move(r));
      }
      progress.Tick(elapsed(), pool.running());
    }
  }
  progress.Clear();

  std::sort(results.begin(), results.end(), [](const SeedResult& a, const SeedResult& b) { return a.seed < b.seed; });
  const double seconds = elapsed();
  PrintSummary(results, plan->size(), seconds);
  int code = std::any_of(results.begin(), results.end(), [](const SeedResult& r) { return !r.passed; }) ? 1 : 0;
  if (spawn_failed) code = 1;
  if (bad_scenario) {
    std::fprintf(stderr, "tsdbsim sweep: `tsdbsim run` rejected the scenario (exit status 2); sweep stopped\n");
    code = 2;
  }
  if (!o.junit.empty()) {
    if (WriteJUnit(o, results, seconds)) {
      std::printf("junit: %s\n", o.junit.c_str());
    } else {
      std::fprintf(stderr, "tsdbsim sweep: cannot write %s\n", o.junit.c_str());
      code = std::max(code, 1);
    }
  }
  std::fflush(stdout);
  if (const int sig = g_stop_signal; sig != 0) {
    std::fprintf(stderr, "tsdbsim sweep: stopped by signal %d\n", sig);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  return code;
}

}  // namespace

void RegisterSweep(CLI::App& app) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* sweep =
      app.add_subcommand("sweep", "Run a scenario for every seed of a range, in parallel `tsdbsim run` children");
  // Checked by the verb, not by CLI11, so that every bad argument exits 2.
  sweep->add_option("FILE", o->file, "Scenario file (sim/SCENARIOS.md); required");
  sweep->add_option("--seeds", o->seeds, "Inclusive seed range A..B, e.g. 1..1000; required");
  sweep->add_option("--shard", o->shard, "Run only shard I of N: every N-th seed from position I (default 1/1)");
  sweep->add_option("--jobs,-j", o->jobs, "Children at once (default: the number of CPUs)");
  sweep->add_option("--junit", o->junit, "Write JUnit XML to this file");
  sweep->callback([o] { SetExitCode(RunSweep(*o)); });
}

}  // namespace tsdbsim
