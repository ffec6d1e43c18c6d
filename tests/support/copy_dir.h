// Copies a directory tree (fixtures into a temp dir before a writable open).
#pragma once

#include <string>

#include "engine/base/filesystem.h"

namespace tsdb::testing {

inline Status CopyDir(Filesystem& fs, const std::string& from, const std::string& to) {
  TSDB_RETURN_IF_ERROR(fs.MkdirAll(to));
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs.List(from));
  for (const auto& e : entries) {
    const std::string src = JoinPath(from, e.name), dst = JoinPath(to, e.name);
    if (e.is_dir) {
      TSDB_RETURN_IF_ERROR(CopyDir(fs, src, dst));
    } else {
      TSDB_ASSIGN_OR_RETURN(const Bytes data, ReadWholeFile(fs, src));
      TSDB_RETURN_IF_ERROR(WriteWholeFile(fs, dst, data, false));
    }
  }
  return {};
}

}  // namespace tsdb::testing
