// tsdbsim: the command-line entry point. Each verb lives in its own file and
// registers itself here.
#include <malloc.h>

#include <CLI/CLI.hpp>

#include "sim/cli/verbs.h"

namespace {

// glibc maps each allocation above 128 KiB-32 MiB on its own and unmaps it
// when freed, so a simulation's page buffers, file images and growing
// vectors fault fresh pages in again and again. Keeping them in the heap
// (and not trimming it) saves ~5% of a simulated day; results never depend
// on where memory lives.
void KeepLargeAllocationsInTheHeap() {
  constexpr int kMaxMmapThresholdBytes = 32 << 20;  // glibc's ceiling on 64-bit
  mallopt(M_MMAP_THRESHOLD, kMaxMmapThresholdBytes);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace

int main(int argc, char** argv) {
  KeepLargeAllocationsInTheHeap();
  CLI::App app{"tsdbsim: a deterministic simulator of the Prometheus 2.42 TSDB write path"};
  app.require_subcommand(1);
  tsdbsim::RegisterInspect(app);
  tsdbsim::RegisterDump(app);
  tsdbsim::RegisterList(app);
  tsdbsim::RegisterBenchWrite(app);
  tsdbsim::RegisterReplay(app);
  tsdbsim::RegisterCompact(app);
  tsdbsim::RegisterRepair(app);
  tsdbsim::RegisterParse(app);
  tsdbsim::RegisterDiffTrace(app);
  tsdbsim::RegisterRun(app);
  tsdbsim::RegisterSweep(app);
  tsdbsim::RegisterExplore(app);
  tsdbsim::RegisterSnapshot(app);
  tsdbsim::RegisterFork(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that exit 0; every real usage
    // error (unknown flag, bad value, missing argument) exits 2, like a bad
    // input file.
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return tsdbsim::ExitCode();
}
