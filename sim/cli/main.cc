// tsdbsim: the command-line entry point. Each verb lives in its own file and
// registers itself here.
#include <CLI/CLI.hpp>

#include "sim/cli/verbs.h"

int main(int argc, char** argv) {
  CLI::App app{"tsdbsim: a deterministic simulator of the Prometheus 2.42 TSDB write path"};
  app.require_subcommand(1);
  tsdbsim::RegisterInspect(app);
  tsdbsim::RegisterDump(app);
  tsdbsim::RegisterList(app);
  tsdbsim::RegisterBenchWrite(app);
  tsdbsim::RegisterReplay(app);
  tsdbsim::RegisterRepair(app);
  tsdbsim::RegisterParse(app);
  tsdbsim::RegisterDiffTrace(app);
  tsdbsim::RegisterRun(app);
  tsdbsim::RegisterSweep(app);
  tsdbsim::RegisterExplore(app);
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
