// Helpers for tests of the stepping API: the repository's scenarios, a run
// hashed the way `tsdbsim run` hashes it, a session opened from text.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/assert.h"
#include "engine/base/posix_filesystem.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/sim_disk.h"
#include "sim/scenario/simulation.h"
#include "sim/step/session.h"
#include "sim/trace/trace_recorder.h"

namespace tsdbsim {

// sim/scenarios/*.tsdbsim and sim/scenarios/museum/*.tsdbsim, sorted.
inline std::vector<std::string> RepositoryScenarios() {
  std::vector<std::string> out;
  for (const char* dir : {"/sim/scenarios", "/sim/scenarios/museum"}) {
    for (const auto& e : std::filesystem::directory_iterator(std::string(TSDB_SOURCE_DIR) + dir)) {
      if (e.path().extension() == ".tsdbsim") out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  TSDB_ASSERT(out.size() >= 5);
  return out;
}

inline std::string ReadText(const std::string& path) {
  tsdb::PosixFilesystem fs;
  auto bytes = tsdb::ReadWholeFile(fs, path);
  TSDB_ASSERT(bytes.ok());
  return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

// The trace hash of Simulation::Run, wired as sim/cli/simulate/run.cc wires it.
inline std::string RunHash(const std::string& text, const std::string& file) {
  auto scenario = ParseScenario(text, file);
  TSDB_ASSERT(scenario.ok());
  tsdb::PosixFilesystem host;
  SimFilesystemDisk disk;
  TraceRecorder trace;
  SimulationOptions so;
  so.host_fs = &host;
  so.trace = &trace;
  so.on_sim_event = [&trace](std::string_view type, std::string_view detail) { trace.AddSimEvent(type, detail); };
  Simulation sim(*scenario, &disk, so);
  trace.set_clock(&sim.loop().clock());
  const tsdb::Status st = sim.Run();
  TSDB_ASSERT(st.ok());
  return trace.HashHex();
}

inline std::unique_ptr<Session> OpenText(const std::string& text, const std::string& file) {
  static tsdb::PosixFilesystem host;
  SessionOptions options;
  options.host_fs = &host;
  auto s = Session::Open(text, file, options);
  TSDB_ASSERT(s.ok());
  return std::move(*s);
}

}  // namespace tsdbsim
