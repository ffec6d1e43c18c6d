// What one state-changing filesystem call did, as the simulated filesystem
// reports it to an observer: the trace, the GUI and the crash explorer
// (which crashes "after operation N") read these.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace tsdbsim::fault {

enum class FsOpKind : uint8_t {
  kCreate,       // Create: new or truncated file
  kOpenAppend,   // OpenAppend: opened, created if it was missing
  kAppend,
  kPWrite,
  kPreallocate,
  kTruncate,     // through a handle or by path
  kSync,         // fsync of a file
  kMkdir,        // one directory made by MkdirAll
  kRename,
  kRemove,       // one file or empty directory (RemoveAll makes several)
  kSyncDir,
};

// "create", "append", ...: stable names for traces.
const char* FsOpKindName(FsOpKind kind);

struct FsOp {
  uint64_t seq = 0;  // 1, 2, ... in call order; only successful calls count
  FsOpKind kind = FsOpKind::kCreate;
  // The path the call named; for a handle, the path it was opened with
  // (the file may since have been renamed or removed).
  std::string path;
  std::string to_path;     // rename target
  uint64_t offset_bytes = 0;  // write offset; new size for truncate/preallocate
  uint64_t length_bytes = 0;  // bytes written
};

// Called after the operation took effect. It may call CrashProcess() or
// PowerLoss(): the call that reported the operation still returns its own
// result, and every later call on an old handle fails.
using FsObserver = std::function<void(const FsOp&)>;

}  // namespace tsdbsim::fault
