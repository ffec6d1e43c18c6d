// SimFilesystem: the engine's Filesystem, in memory, with a durability
// model (DESIGN.md §4). Every file has the bytes the page cache shows and
// the bytes the disk has; every directory has the entries lookups see and
// the entries the disk has.
//
//   write, pwrite, truncate, preallocate, create   change what is visible
//   WritableFile::Sync                            makes that file's bytes durable
//   create, rename, remove, mkdir                 change a directory's visible entries
//   SyncDir                                       makes that directory's entries durable
//
// A rename between two directories becomes durable in both at once when
// either is synced, and then commits every directory's entries, as a
// journaling filesystem's metadata commit does; so what survives is always
// a tree. CrashProcess() keeps everything visible (the page cache belongs
// to the kernel); PowerLoss() keeps only what is durable. Both end every
// open handle. Paths are absolute or relative to "/".
//
// Deterministic: time only from the fault plan's virtual clock, randomness
// only from the seeds given (torn power loss, fault plans), and nothing
// observable depends on addresses or hash order. Faults: fault_plan.h and
// FAULTS.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/filesystem.h"
#include "fault_injection/fault_plan.h"
#include "fault_injection/fs_op.h"
#include "fault_injection/sim_core.h"

namespace tsdbsim::fault {

// One file or directory as the inspection calls report it.
struct SimFileStatus {
  std::string path;
  bool is_dir = false;
  uint64_t visible_size_bytes = 0;  // files only
  uint64_t durable_size_bytes = 0;  // files only
  size_t unsynced_writes = 0;       // changes since the last fsync (files)
  size_t lost_pages = 0;            // pages a failed fsync marked clean (files)
  size_t bad_sectors = 0;           // unreadable sectors (files)
  // Files: the disk has exactly the bytes reads see. Directories: the disk
  // has exactly the entries lookups see.
  bool content_durable = false;
  // After a power loss this path still leads to this inode.
  bool entry_durable = false;
};

// What kind of crash a crash image shows (SimFilesystem::CrashImage).
enum class CrashMode : uint8_t {
  kProcess,    // the process died: everything visible stays, durable or not
  kPowerLoss,  // only durable bytes and entries
  kTorn,       // a power loss during which part of the unsynced writes reached the disk
};

// "process", "power_loss", "torn"; Parse gives false for anything else.
const char* CrashModeName(CrashMode mode);
bool ParseCrashMode(std::string_view name, CrashMode* mode);

struct PowerLossOptions {
  // Keep a seeded part of each file's unsynced writes, whole 512-byte
  // sectors in any order (torn_power_loss.h). Directory entries are never
  // torn: unsynced ones are lost as in any power loss.
  bool torn = false;
  uint64_t seed = 0;
};

struct SimUsage {
  uint64_t visible_bytes = 0;  // sum of visible file sizes
  uint64_t durable_bytes = 0;  // sum of the durable sizes of the same files
  uint64_t stored_bytes = 0;   // memory held by pages of those files (holes are free)
  size_t files = 0;
  size_t dirs = 0;             // without the root
  size_t files_not_durable = 0;  // content or entry would not survive a power loss
};

class SimFilesystem final : public tsdb::Filesystem {
 public:
  explicit SimFilesystem(SimFilesystemOptions options = {});
  ~SimFilesystem() override;
  SimFilesystem(const SimFilesystem&) = delete;
  SimFilesystem& operator=(const SimFilesystem&) = delete;

  tsdb::Result<std::unique_ptr<tsdb::WritableFile>> OpenAppend(const std::string& path) override;
  tsdb::Result<std::unique_ptr<tsdb::WritableFile>> Create(const std::string& path) override;
  tsdb::Result<std::unique_ptr<tsdb::ReadableFile>> OpenRead(const std::string& path) override;
  tsdb::Result<std::unique_ptr<tsdb::MappedFile>> MapReadOnly(const std::string& path) override;
  tsdb::Result<std::vector<tsdb::DirEntry>> List(const std::string& dir) override;
  tsdb::Result<tsdb::FileInfo> Stat(const std::string& path) override;
  tsdb::Status MkdirAll(const std::string& path) override;
  tsdb::Status Rename(const std::string& from, const std::string& to) override;
  tsdb::Status Remove(const std::string& path) override;
  tsdb::Status RemoveAll(const std::string& path) override;
  tsdb::Status SyncDir(const std::string& path) override;
  tsdb::Status Truncate(const std::string& path, uint64_t size_bytes) override;

  // The process dies: the page cache survives, handles and mappings do not.
  void CrashProcess();
  // The machine loses power: only durable bytes and entries survive (and,
  // torn, part of the unsynced writes).
  void PowerLoss(const PowerLossOptions& options = {});

  // A new, independent filesystem holding what that crash would leave now;
  // this one is not touched and keeps running. The image shares pages with
  // this one copy-on-write, so it is cheap; it starts with no open handles,
  // no observer, and the op numbering where this one is. kProcess keeps the
  // visible and the durable state apart, so a later power loss on the image
  // behaves as it would have here. The seed only matters for kTorn, where
  // CrashImage(kTorn, s) leaves what PowerLoss({.torn = true, .seed = s})
  // would. An image and its origin may be used on different threads.
  std::unique_ptr<SimFilesystem> CrashImage(CrashMode mode, uint64_t seed = 0) const;

  // Injects the faults of plan into every later call (null: none), with
  // env's clock, seed and callback. The plan is not owned and must outlive
  // its use; attach one plan to one filesystem at a time. Crash images
  // start without a plan.
  void SetFaultPlan(FaultPlan* plan, FaultEnv env = {});
  FaultPlan* fault_plan() const;
  // What the space budget counts: the visible sizes of the files in the
  // visible tree.
  uint64_t space_used_bytes() const;

  // Successful state-changing calls so far; the next one gets op_count()+1.
  uint64_t op_count() const;
  // Called after each state-changing call (see FsOp); empty to stop.
  void SetObserver(FsObserver observer);

  // Every file and directory under root in the visible tree, depth first,
  // entries by name; root itself is not listed. Empty if root is missing.
  std::vector<SimFileStatus> Files(const std::string& root = "/") const;
  tsdb::Result<SimFileStatus> Inspect(const std::string& path) const;
  SimUsage Usage(const std::string& root = "/") const;

  // Writes the subtree at sim_root as a power loss would leave it (or as it
  // is visible now) into out_dir of another filesystem, e.g. so that a real
  // Prometheus can open a simulated data directory. Holes stay holes.
  tsdb::Status WriteDurableTreeTo(tsdb::Filesystem& out, const std::string& sim_root,
                                  const std::string& out_dir) const;
  tsdb::Status WriteVisibleTreeTo(tsdb::Filesystem& out, const std::string& sim_root,
                                  const std::string& out_dir) const;
  // Copies the tree at in_dir of another filesystem to sim_root, as durable
  // files and entries (the directories above sim_root are made durable too).
  // Not counted as operations and not reported.
  tsdb::Status LoadTreeFrom(tsdb::Filesystem& in, const std::string& in_dir,
                            const std::string& sim_root);

 private:
  tsdb::Result<std::unique_ptr<tsdb::WritableFile>> OpenWritable(const std::string& path,
                                                                 bool truncate);
  // The one directory mkdir(2) would make; EEXIST when something is there.
  tsdb::Status Mkdir(const std::string& path);
  // The body of Remove: remove(3), i.e. unlink and, for a directory, rmdir.
  tsdb::Status RemoveEntry(const std::string& path);

  std::shared_ptr<SimCore> core_;
};

}  // namespace tsdbsim::fault
