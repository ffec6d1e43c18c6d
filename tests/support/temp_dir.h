// A temporary directory on the real filesystem, removed when the test ends.
#pragma once

#include <cstdlib>
#include <string>

#include "engine/base/posix_filesystem.h"

namespace tsdb::testing {

class TempDir {
 public:
  // In /dev/shm when there is one: tests fsync a lot and a disk makes that
  // slow; the engine's behaviour does not depend on where the files are.
  TempDir() {
    char shm[] = "/dev/shm/tsdbsim-test-XXXXXX";
    char tmp[] = "/tmp/tsdbsim-test-XXXXXX";
    const char* p = ::mkdtemp(shm);
    if (p == nullptr) p = ::mkdtemp(tmp);
    TSDB_ASSERT(p != nullptr);
    path_ = p;
  }
  ~TempDir() { (void)PosixFilesystem().RemoveAll(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Join(const std::string& name) const { return JoinPath(path_, name); }

 private:
  std::string path_;
};

}  // namespace tsdb::testing
