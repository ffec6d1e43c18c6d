// SimFilesystem::CrashImage: a copy of the filesystem as a crash would
// leave it, built without touching the original. Pages are shared
// copy-on-write; only the inodes and entry tables are new.
#include <map>

#include "engine/base/filesystem.h"
#include "fault_injection/sim_filesystem.h"
#include "fault_injection/torn_power_loss.h"

namespace tsdbsim::fault {
namespace {

// Copies every inode reachable through visible or durable entries, each
// once (a pending rename makes two entries lead to one inode).
class TreeCopier {
 public:
  explicit TreeCopier(SimCore& core) : core_(core) {}

  void CopyDirInto(const Node& src, Node& dst) {
    for (const auto& [name, child] : src.entries) dst.entries[name] = Copy(child);
    for (const auto& [name, child] : src.durable_entries) dst.durable_entries[name] = Copy(child);
    dst.cross_dir_rename_pending = src.cross_dir_rename_pending;
  }

 private:
  std::shared_ptr<Node> Copy(const std::shared_ptr<Node>& src) {
    const auto it = copies_.find(src.get());  // a lookup only; never iterated
    if (it != copies_.end()) return it->second;
    if (src->is_dir) {
      auto dir = core_.NewDir();
      copies_.emplace(src.get(), dir);
      CopyDirInto(*src, *dir);
      return dir;
    }
    auto file = core_.NewFile();
    file->visible = src->visible;
    file->durable = src->durable;
    file->unsynced = src->unsynced;
    file->versions_end_bytes = src->versions_end_bytes;
    file->lost_pages = src->lost_pages;
    file->bad_sectors = src->bad_sectors;
    copies_.emplace(src.get(), file);
    return file;
  }

  SimCore& core_;
  std::map<const Node*, std::shared_ptr<Node>> copies_;
};

// Builds in dst the durable tree below src, each file with what the disk
// has of it after the power loss.
void CopyDurableTree(SimCore& core, const Node& src, Node& dst, const std::string& path,
                     const PowerLossOptions& options) {
  for (const auto& [name, child] : src.durable_entries) {
    const std::string child_path = tsdb::JoinPath(path, name);
    std::shared_ptr<Node> copy;
    if (child->is_dir) {
      copy = core.NewDir();
      CopyDurableTree(core, *child, *copy, child_path, options);
    } else {
      copy = core.NewFile();
      copy->bad_sectors = child->bad_sectors;  // the medium's, not the cache's
      RevertFileTo(*copy, options.torn
                              ? TornDiskContent(*child, TornFileSeed(options.seed, child_path))
                              : child->durable);
    }
    dst.entries[name] = copy;
    dst.durable_entries[name] = std::move(copy);
  }
}

}  // namespace

std::unique_ptr<SimFilesystem> SimFilesystem::CrashImage(CrashMode mode, uint64_t seed) const {
  auto image = std::make_unique<SimFilesystem>(core_->options());
  SimCore& core = *image->core_;
  core.ContinueNumberingFrom(core_->op_count());
  if (mode == CrashMode::kProcess) {
    TreeCopier(core).CopyDirInto(*core_->root(), *core.root());
  } else {
    const PowerLossOptions options{.torn = mode == CrashMode::kTorn, .seed = seed};
    CopyDurableTree(core, *core_->root(), *core.root(), "/", options);
  }
  core.RecountSpace();
  return image;
}

const char* CrashModeName(CrashMode mode) {
  switch (mode) {
    case CrashMode::kProcess: return "process";
    case CrashMode::kPowerLoss: return "power_loss";
    case CrashMode::kTorn: return "torn";
  }
  return "unknown";
}

bool ParseCrashMode(std::string_view name, CrashMode* mode) {
  for (const CrashMode m : {CrashMode::kProcess, CrashMode::kPowerLoss, CrashMode::kTorn}) {
    if (name == CrashModeName(m)) {
      *mode = m;
      return true;
    }
  }
  return false;
}

}  // namespace tsdbsim::fault
