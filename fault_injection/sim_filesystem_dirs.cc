// SimFilesystem: the directory calls (mkdir, rename, remove, SyncDir), with
// the errors (code and message) PosixFilesystem gives on Linux.
#include <cerrno>

#include "engine/base/posix_filesystem.h"
#include "fault_injection/sim_filesystem.h"
#include "fault_injection/sim_path.h"

namespace tsdbsim::fault {

using tsdb::ErrnoStatus;
using tsdb::Status;

namespace {

// Where dir sits in chain, or chain.size().
size_t IndexIn(const std::vector<std::shared_ptr<Node>>& chain, const Node* dir) {
  for (size_t i = 0; i < chain.size(); i++) {
    if (chain[i].get() == dir) return i;
  }
  return chain.size();
}

// Every directory of the visible tree gets durable entries equal to its
// visible ones.
void CommitAllDirectories(Node& dir) {
  dir.durable_entries = dir.entries;
  dir.cross_dir_rename_pending = false;
  for (const auto& [name, child] : dir.entries) {
    if (child->is_dir) CommitAllDirectories(*child);
  }
}

}  // namespace

Status SimFilesystem::Mkdir(const std::string& path) {
  const FaultDecision d = core_->faults().Check(FaultCall::kMkdir, "mkdir", path);
  if (!d.error.ok()) return d.error;
  const Lookup l = Resolve(core_->root(), path);
  if (l.err != 0) return ErrnoStatus("mkdir", path, l.err);
  if (l.name.empty() || l.node != nullptr) return ErrnoStatus("mkdir", path, EEXIST);
  const uint64_t seq = core_->NextSeq();
  l.parent().entries[l.name] = core_->NewDir();
  core_->Report({.seq = seq, .kind = FsOpKind::kMkdir, .path = path});
  return {};
}

// PosixFilesystem's loop, prefix by prefix: anything already there (even a
// file) is fine, as mkdir's EEXIST is ignored.
Status SimFilesystem::MkdirAll(const std::string& path) {
  if (path.empty()) return {};
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    const std::string partial = path.substr(0, pos);
    if (partial.empty()) continue;
    const Status s = Mkdir(partial);
    if (!s.ok() && s.code() != tsdb::StatusCode::kAlreadyExists) return s;
  }
  return {};
}

// rename(2)'s checks in the kernel's order.
Status SimFilesystem::Rename(const std::string& from, const std::string& to) {
  const FaultDecision d = core_->faults().Check(FaultCall::kRename, "rename", from, 0, 0, to);
  if (!d.error.ok()) return d.error;
  const Lookup f = Resolve(core_->root(), from);
  if (f.err != 0) return ErrnoStatus("rename", from, f.err);
  const Lookup t = Resolve(core_->root(), to);
  if (t.err != 0) return ErrnoStatus("rename", from, t.err);
  if (f.name.empty() || t.name.empty()) return ErrnoStatus("rename", from, EBUSY);
  if (f.node == nullptr) return ErrnoStatus("rename", from, ENOENT);
  if (!f.node->is_dir && (f.trailing_slash || t.trailing_slash)) {
    return ErrnoStatus("rename", from, ENOTDIR);
  }
  Node* const from_dir = &f.parent();
  Node* const to_dir = &t.parent();
  if (from_dir != to_dir) {
    // A directory cannot move below itself, nor replace one of its ancestors.
    const size_t a = IndexIn(t.chain, from_dir);
    if (a < t.chain.size() && t.chain[a + 1] == f.node) return ErrnoStatus("rename", from, EINVAL);
    const size_t b = IndexIn(f.chain, to_dir);
    if (b < f.chain.size() && f.chain[b + 1] == t.node) {
      return ErrnoStatus("rename", from, ENOTEMPTY);
    }
  }
  if (t.node != nullptr && t.node != f.node) {
    if (!f.node->is_dir && t.node->is_dir) return ErrnoStatus("rename", from, EISDIR);
    if (f.node->is_dir && !t.node->is_dir) return ErrnoStatus("rename", from, ENOTDIR);
    if (t.node->is_dir && !t.node->entries.empty()) return ErrnoStatus("rename", from, ENOTEMPTY);
  }
  const uint64_t seq = core_->NextSeq();
  if (t.node != f.node) {  // renaming a file onto itself changes nothing
    if (t.node != nullptr) core_->Unlink(*t.node);
    to_dir->entries[t.name] = f.node;
    from_dir->entries.erase(f.name);
    if (from_dir != to_dir) {
      from_dir->cross_dir_rename_pending = true;
      to_dir->cross_dir_rename_pending = true;
    }
  }
  core_->Report({.seq = seq, .kind = FsOpKind::kRename, .path = from, .to_path = to});
  return {};
}

// remove(3): unlink(2), and rmdir(2) when unlink says it is a directory.
Status SimFilesystem::RemoveEntry(const std::string& path) {
  const FaultDecision d = core_->faults().Check(FaultCall::kRemove, "remove", path);
  if (!d.error.ok()) return d.error;
  const Lookup l = Resolve(core_->root(), path);
  if (l.err != 0) return ErrnoStatus("remove", path, l.err);
  if (l.name.empty()) {  // what rmdir says to ".", ".." and "/"
    const int err = l.last == Lookup::Last::kDot      ? EINVAL
                    : l.last == Lookup::Last::kDotDot ? ENOTEMPTY
                                                      : EBUSY;
    return ErrnoStatus("remove", path, err);
  }
  if (l.node == nullptr) return ErrnoStatus("remove", path, ENOENT);
  if (l.trailing_slash && !l.node->is_dir) return ErrnoStatus("remove", path, ENOTDIR);
  if (l.node->is_dir && !l.node->entries.empty()) return ErrnoStatus("remove", path, ENOTEMPTY);
  const uint64_t seq = core_->NextSeq();
  core_->Unlink(*l.node);
  l.parent().entries.erase(l.name);  // open handles keep the inode
  core_->Report({.seq = seq, .kind = FsOpKind::kRemove, .path = path});
  return {};
}

Status SimFilesystem::Remove(const std::string& path) { return RemoveEntry(path); }

// PosixFilesystem's recursion, so the same calls fail the same way.
Status SimFilesystem::RemoveAll(const std::string& path) {
  auto info = Stat(path);
  if (!info.ok()) {
    return info.status().code() == tsdb::StatusCode::kNotFound ? Status() : info.status();
  }
  if (info->is_dir) {
    TSDB_ASSIGN_OR_RETURN(auto entries, List(path));
    for (const auto& e : entries) TSDB_RETURN_IF_ERROR(RemoveAll(tsdb::JoinPath(path, e.name)));
  }
  return RemoveEntry(path);
}

Status SimFilesystem::SyncDir(const std::string& path) {
  const FaultDecision d = core_->faults().Check(FaultCall::kSyncDir, "fsync", path);
  if (!d.error.ok()) return d.error;
  const Lookup l = Resolve(core_->root(), path);
  if (l.err != 0) return ErrnoStatus("open", path, l.err);
  if (l.node == nullptr) return ErrnoStatus("open", path, ENOENT);
  if (!l.node->is_dir) return ErrnoStatus("open", path, ENOTDIR);
  const uint64_t seq = core_->NextSeq();
  if (l.node->cross_dir_rename_pending) {
    CommitAllDirectories(*core_->root());
  } else {
    l.node->durable_entries = l.node->entries;
  }
  core_->Report({.seq = seq, .kind = FsOpKind::kSyncDir, .path = path});
  return {};
}

}  // namespace tsdbsim::fault
