// SimFilesystem: what tests, the GUI and the crash explorer can see of the
// durability state.
#include <cerrno>
#include <functional>

#include "engine/base/posix_filesystem.h"
#include "fault_injection/sim_filesystem.h"
#include "fault_injection/sim_path.h"

namespace tsdbsim::fault {
namespace {

using Visit = std::function<void(const SimFileStatus&, const Node&)>;

SimFileStatus StatusOf(const std::string& path, const Node& node, bool entry_durable) {
  SimFileStatus s{.path = path, .is_dir = node.is_dir, .entry_durable = entry_durable};
  if (node.is_dir) {
    s.content_durable = node.entries == node.durable_entries;
  } else {
    s.visible_size_bytes = node.visible.size_bytes();
    s.durable_size_bytes = node.durable.size_bytes();
    s.unsynced_writes = node.unsynced.size();
    s.lost_pages = node.lost_pages.size();
    s.bad_sectors = node.bad_sectors.size();
    s.content_durable = node.unsynced.empty() && node.lost_pages.empty();
  }
  return s;
}

// Depth first, entries by name. An entry is durable when its parent's is
// and the parent's durable table names the same inode.
void Walk(const std::string& path, const Node& dir, bool entry_durable, const Visit& visit) {
  for (const auto& [name, child] : dir.entries) {
    const auto d = dir.durable_entries.find(name);
    const bool durable = entry_durable && d != dir.durable_entries.end() && d->second == child;
    const std::string child_path = tsdb::JoinPath(path, name);
    visit(StatusOf(child_path, *child, durable), *child);
    if (child->is_dir) Walk(child_path, *child, durable, visit);
  }
}

// Everything under root (root itself only when it is a file).
void WalkFrom(const std::shared_ptr<Node>& fs_root, const std::string& root, const Visit& visit) {
  const Lookup l = Resolve(fs_root, root);
  if (l.err != 0 || l.node == nullptr) return;
  const bool durable = Resolve(fs_root, root, View::kDurable).node == l.node;
  if (!l.node->is_dir) {
    visit(StatusOf(root, *l.node, durable), *l.node);
    return;
  }
  Walk(root, *l.node, durable, visit);
}

}  // namespace

tsdb::Result<SimFileStatus> SimFilesystem::Inspect(const std::string& path) const {
  const Lookup l = Resolve(core_->root(), path);
  if (l.err != 0) return tsdb::ErrnoStatus("stat", path, l.err);
  if (l.node == nullptr) return tsdb::ErrnoStatus("stat", path, ENOENT);
  const Lookup d = Resolve(core_->root(), path, View::kDurable);
  return StatusOf(path, *l.node, d.node == l.node);
}

std::vector<SimFileStatus> SimFilesystem::Files(const std::string& root) const {
  std::vector<SimFileStatus> out;
  WalkFrom(core_->root(), root, [&](const SimFileStatus& s, const Node&) { out.push_back(s); });
  return out;
}

SimUsage SimFilesystem::Usage(const std::string& root) const {
  SimUsage u;
  WalkFrom(core_->root(), root, [&](const SimFileStatus& s, const Node& node) {
    if (s.is_dir) {
      u.dirs++;
      return;
    }
    u.files++;
    u.visible_bytes += s.visible_size_bytes;
    u.durable_bytes += s.durable_size_bytes;
    u.stored_bytes += node.visible.StoredBytes();
    if (!s.content_durable || !s.entry_durable) u.files_not_durable++;
  });
  return u;
}

}  // namespace tsdbsim::fault
