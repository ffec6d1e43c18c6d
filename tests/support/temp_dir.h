// A temporary directory on the real filesystem, removed when the test ends.
#pragma once

#include <cstdlib>
#include <string>

#include "engine/base/posix_filesystem.h"

namespace tsdb::testing {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/tsdbsim-test-XXXXXX";
    const char* p = ::mkdtemp(tmpl);
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
