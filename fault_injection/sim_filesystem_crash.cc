// SimFilesystem: what a process crash and a power loss leave.
#include <functional>
#include <set>

#include "engine/base/filesystem.h"
#include "fault_injection/sim_filesystem.h"
#include "fault_injection/sim_path.h"
#include "fault_injection/torn_power_loss.h"

namespace tsdbsim::fault {
namespace {

// Calls fn once for every inode reachable through visible or durable
// entries. The set only answers "seen?", so addresses never decide order.
void ForEachInode(Node& node, std::set<const Node*>* seen, const std::function<void(Node&)>& fn) {
  if (!seen->insert(&node).second) return;
  fn(node);
  if (!node.is_dir) return;
  for (const auto* table : {&node.entries, &node.durable_entries}) {
    for (const auto& [name, child] : *table) ForEachInode(*child, seen, fn);
  }
}

// Each directory of the durable tree takes back its durable entries, each
// file what the disk has of it. Inodes only the visible tree knew are
// dropped (handles that still hold one are dead).
void RevertToDurable(Node& node, const std::string& path, const PowerLossOptions& options) {
  if (!node.is_dir) {
    if (options.torn) {
      RevertFileTo(node, TornDiskContent(node, TornFileSeed(options.seed, path)));
    } else {
      RevertFileToDurable(node);
    }
    return;
  }
  node.entries = node.durable_entries;
  node.cross_dir_rename_pending = false;
  for (const auto& [name, child] : node.entries) {
    RevertToDurable(*child, tsdb::JoinPath(path, name), options);
  }
}

// The dead process's mappings stop following their files; unlink_all also
// takes every file out of the space count, for a recount after a revert.
void DetachAllMappings(Node& root, bool unlink_all) {
  std::set<const Node*> seen;
  ForEachInode(root, &seen, [&](Node& n) {
    if (n.is_dir) return;
    DetachMappings(n);
    if (unlink_all) n.linked = false;
  });
}

}  // namespace

void SimFilesystem::CrashProcess() {
  DetachAllMappings(*core_->root(), false);
  core_->EndEpoch();
}

void SimFilesystem::PowerLoss(const PowerLossOptions& options) {
  DetachAllMappings(*core_->root(), true);
  RevertToDurable(*core_->root(), "/", options);
  core_->RecountSpace();
  core_->EndEpoch();
}

}  // namespace tsdbsim::fault
