#include "sim/cli/copy_tree.h"

namespace tsdbsim {

tsdb::Status CopyTree(tsdb::Filesystem& fs, const std::string& from, const std::string& to) {
  TSDB_RETURN_IF_ERROR(fs.MkdirAll(to));
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs.List(from));
  for (const auto& e : entries) {
    const std::string src = tsdb::JoinPath(from, e.name), dst = tsdb::JoinPath(to, e.name);
    if (e.is_dir) {
      TSDB_RETURN_IF_ERROR(CopyTree(fs, src, dst));
      continue;
    }
    // Streamed through a mapping, so large segments do not double in memory.
    TSDB_ASSIGN_OR_RETURN(auto in, fs.MapReadOnly(src));
    TSDB_ASSIGN_OR_RETURN(auto out, fs.Create(dst));
    TSDB_RETURN_IF_ERROR(out->Append(in->data()));
    TSDB_RETURN_IF_ERROR(out->Close());
  }
  return {};
}

}  // namespace tsdbsim
