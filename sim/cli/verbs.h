// The verbs of the tsdbsim CLI. Each Register* adds a subcommand whose
// callback stores the process exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace tsdbsim {

void RegisterInspect(CLI::App& app);
void RegisterDump(CLI::App& app);
void RegisterList(CLI::App& app);
void RegisterBenchWrite(CLI::App& app);
void RegisterReplay(CLI::App& app);
void RegisterCompact(CLI::App& app);
void RegisterRepair(CLI::App& app);
void RegisterParse(CLI::App& app);
void RegisterDiffTrace(CLI::App& app);
void RegisterRun(CLI::App& app);
void RegisterSweep(CLI::App& app);
void RegisterExplore(CLI::App& app);
void RegisterSnapshot(CLI::App& app);
void RegisterFork(CLI::App& app);

// Exit code set by the verb that ran: 0 ok, 1 failure found, 2 bad input.
int ExitCode();
void SetExitCode(int code);

}  // namespace tsdbsim
