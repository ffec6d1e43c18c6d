// The Filesystem of a real machine: POSIX calls, nothing buffered in user
// space, so write(2) boundaries are the ones the engine asked for.
#pragma once

#include "engine/base/filesystem.h"

namespace tsdb {

class PosixFilesystem final : public Filesystem {
 public:
  Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> Create(const std::string& path) override;
  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<MappedFile>> MapReadOnly(const std::string& path) override;
  Result<std::vector<DirEntry>> List(const std::string& dir) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Status MkdirAll(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status Remove(const std::string& path) override;
  Status RemoveAll(const std::string& path) override;
  Status SyncDir(const std::string& path) override;
  Status Truncate(const std::string& path, uint64_t size_bytes) override;
};

// "op path: strerror(errno)" with a code chosen from errno.
Status ErrnoStatus(const char* op, const std::string& path, int err);

}  // namespace tsdb
