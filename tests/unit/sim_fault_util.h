// Helpers shared by the fault model's tests (tests/unit/sim_fault_*_test.cc
// and tests/property/sim_fault_*_test.cc).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "fault_injection/fault_plan.h"
#include "fault_injection/sim_filesystem.h"

namespace tsdbsim::fault::testing {

// Every visible file and directory under "/" -> its bytes ("<dir>" for a
// directory, "<error ...>" when a read fails).
inline std::map<std::string, std::string> VisibleTree(SimFilesystem& fs) {
  std::map<std::string, std::string> out;
  for (const SimFileStatus& s : fs.Files("/")) {
    if (s.is_dir) {
      out[s.path] = "<dir>";
      continue;
    }
    auto data = tsdb::ReadWholeFile(fs, s.path);
    out[s.path] = data.ok() ? std::string(tsdb::AsString(*data))
                            : "<error " + data.status().ToString() + ">";
  }
  return out;
}

inline std::string ReadOrError(tsdb::Filesystem& fs, const std::string& path) {
  auto data = tsdb::ReadWholeFile(fs, path);
  return data.ok() ? std::string(tsdb::AsString(*data)) : "<" + data.status().ToString() + ">";
}

inline std::unique_ptr<tsdb::WritableFile> MustCreate(tsdb::Filesystem& fs,
                                                      const std::string& path) {
  auto f = fs.Create(path);
  TSDB_ASSERT(f.ok());
  return std::move(f).value();
}

// A file with data, synced, whose entry is durable in a durable directory.
inline void MakeDurableFile(SimFilesystem& fs, const std::string& dir, const std::string& name,
                            std::string_view data) {
  TSDB_ASSERT(fs.MkdirAll(dir).ok());
  TSDB_ASSERT(tsdb::WriteWholeFile(fs, tsdb::JoinPath(dir, name), tsdb::AsBytes(data), true).ok());
  // Every directory from the root down, so the new ones are durable too.
  std::string d = "/";
  TSDB_ASSERT(fs.SyncDir(d).ok());
  size_t pos = 1;
  while (pos <= dir.size()) {
    const size_t end = std::min(dir.find('/', pos), dir.size());
    d = dir.substr(0, end);
    if (!d.empty() && d != "/") TSDB_ASSERT(fs.SyncDir(d).ok());
    pos = end + 1;
  }
}

// A filesystem with a fault plan that records every fault it fires.
struct FaultRig {
  SimFilesystem fs;
  FaultPlan plan;
  std::vector<FaultEvent> events;

  void Attach(uint64_t seed = 1) {
    fs.SetFaultPlan(&plan, {.seed = seed, .on_fault = [this](const FaultEvent& e) { events.push_back(e); }});
  }
  size_t Rule(FaultAction action, FaultCallSet calls, std::string glob = "*", uint64_t nth = 0) {
    auto i = plan.Add({.action = action, .calls = calls, .path_glob = std::move(glob), .nth = nth});
    TSDB_ASSERT(i.ok());
    return *i;
  }
};

}  // namespace tsdbsim::fault::testing
