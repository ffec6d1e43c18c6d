#include "sim/step/session_datadir.h"

#include "engine/block/block_list.h"
#include "sim/step/session.h"

namespace tsdbsim {

std::unique_ptr<fault::SimFilesystem> InitialDataDir::NewDisk() const {
  // A process crash's image keeps everything and shares the pages; it
  // reads the image without changing it, so parked sessions built on the
  // seek cache's thread may take one at the same time.
  return image->CrashImage(fault::CrashMode::kProcess);
}

tsdb::Result<std::shared_ptr<const InitialDataDir>> LoadInitialDataDir(tsdb::Filesystem& host,
                                                                       const std::string& host_dir,
                                                                       const std::string& data_dir) {
  auto info = host.Stat(host_dir);
  if (!info.ok()) return info.status();
  if (!info->is_dir) return tsdb::Status::InvalidArgument(host_dir + ": not a directory");
  auto out = std::make_shared<InitialDataDir>();
  out->data_dir = data_dir;
  out->image = std::make_unique<fault::SimFilesystem>();
  TSDB_RETURN_IF_ERROR(out->image->LoadTreeFrom(host, host_dir, data_dir).Wrap("copy " + host_dir));
  // Read from the copy, not the host: what the view shows is what the run opens.
  TSDB_ASSIGN_OR_RETURN(out->view, ReadDataDirView(*out->image, data_dir));
  out->view.dir = host_dir;
  auto blocks = tsdb::block::ListBlocks(*out->image, data_dir);
  if (blocks.ok()) {
    for (const auto& b : blocks->blocks) out->blocks.push_back(b.meta);
  }
  return std::shared_ptr<const InitialDataDir>(std::move(out));
}

const DataDirView* Session::initial_view() const {
  return options_.initial != nullptr ? &options_.initial->view : nullptr;
}

}  // namespace tsdbsim
