// The handles SimFilesystem gives out: they hold the inode (not the path)
// and die with the process: after CrashProcess() or PowerLoss() every call
// on them fails with kIOError "file handle closed by crash".
#pragma once

#include <memory>
#include <string>

#include "engine/base/filesystem.h"
#include "fault_injection/sim_core.h"

namespace tsdbsim::fault {

std::unique_ptr<tsdb::WritableFile> NewSimWritableFile(std::shared_ptr<SimCore> core,
                                                       std::shared_ptr<Node> file,
                                                       std::string path);
std::unique_ptr<tsdb::ReadableFile> NewSimReadableFile(std::shared_ptr<SimCore> core,
                                                       std::shared_ptr<Node> node,
                                                       std::string path);
std::unique_ptr<tsdb::MappedFile> NewSimMappedFile(std::shared_ptr<MapImage> image);

// The error of a handle used after the process it belonged to crashed.
tsdb::Status CrashedHandleStatus(const char* op, const std::string& path);

}  // namespace tsdbsim::fault
