// A session that starts from a copy of a real data directory
// (SessionOptions::initial_data_dir): the directory is read from the host
// once, into a simulated filesystem every rebuild of the session copies
// (copy-on-write pages: cheap), so that runs, seeks, forks and parked
// sessions all start from the same bytes even if the host directory
// changes meanwhile. The host directory is never written.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/block/meta.h"
#include "fault_injection/sim_filesystem.h"
#include "sim/step/datadir_view.h"

namespace tsdbsim {

struct InitialDataDir {
  std::string data_dir;  // where the copy is on the simulated disk ("/data")
  // The copy, every file and directory entry durable: the directory was
  // there before the simulated Prometheus started, as after a clean stop.
  std::unique_ptr<fault::SimFilesystem> image;
  // Of the copy: its `dir` is the host directory, but a WAL corruption's
  // text names the copy's path (/data/wal/...).
  DataDirView view;
  std::vector<tsdb::block::BlockMeta> blocks;  // its blocks, by min time

  // A fresh disk holding the copy; safe to call from several threads.
  std::unique_ptr<fault::SimFilesystem> NewDisk() const;
};

tsdb::Result<std::shared_ptr<const InitialDataDir>> LoadInitialDataDir(tsdb::Filesystem& host,
                                                                       const std::string& host_dir,
                                                                       const std::string& data_dir);

}  // namespace tsdbsim
