#include "fault_injection/fs_op.h"

namespace tsdbsim::fault {

const char* FsOpKindName(FsOpKind kind) {
  switch (kind) {
    case FsOpKind::kCreate: return "create";
    case FsOpKind::kOpenAppend: return "open_append";
    case FsOpKind::kAppend: return "append";
    case FsOpKind::kPWrite: return "pwrite";
    case FsOpKind::kPreallocate: return "preallocate";
    case FsOpKind::kTruncate: return "truncate";
    case FsOpKind::kSync: return "sync";
    case FsOpKind::kMkdir: return "mkdir";
    case FsOpKind::kRename: return "rename";
    case FsOpKind::kRemove: return "remove";
    case FsOpKind::kSyncDir: return "sync_dir";
  }
  return "unknown";
}

}  // namespace tsdbsim::fault
