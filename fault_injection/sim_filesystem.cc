// SimFilesystem: the calls of the Filesystem interface, with the errors
// (code and message) PosixFilesystem gives for the same call on Linux.
#include "fault_injection/sim_filesystem.h"

#include <algorithm>
#include <cerrno>

#include "engine/base/posix_filesystem.h"
#include "fault_injection/sim_handles.h"
#include "fault_injection/sim_path.h"

namespace tsdbsim::fault {

using tsdb::ErrnoStatus;
using tsdb::Result;
using tsdb::Status;

namespace {

// A directory's size is the filesystem's business; ext4 says one block.
constexpr uint64_t kDirSizeBytes = 4096;

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

SimFilesystem::SimFilesystem(SimFilesystemOptions options)
    : core_(std::make_shared<SimCore>(options)) {}

SimFilesystem::~SimFilesystem() = default;

uint64_t SimFilesystem::op_count() const { return core_->op_count(); }

void SimFilesystem::SetObserver(FsObserver observer) { core_->SetObserver(std::move(observer)); }

void SimFilesystem::SetFaultPlan(FaultPlan* plan, FaultEnv env) {
  core_->faults().Attach(plan, std::move(env));
}

FaultPlan* SimFilesystem::fault_plan() const { return core_->faults().plan(); }

uint64_t SimFilesystem::space_used_bytes() const { return core_->space_used_bytes(); }

Result<std::unique_ptr<tsdb::WritableFile>> SimFilesystem::OpenWritable(const std::string& path,
                                                                       bool truncate) {
  const FaultDecision d = core_->faults().Check(FaultCall::kOpen, "open", path);
  if (!d.error.ok()) return d.error;
  const Lookup l = Resolve(core_->root(), path);
  if (l.err != 0) return ErrnoStatus("open", path, l.err);
  // O_CREAT refuses a trailing slash even before looking, and "/" or "."
  // name a directory.
  if (l.name.empty() || l.trailing_slash) return ErrnoStatus("open", path, EISDIR);
  if (l.node != nullptr && l.node->is_dir) return ErrnoStatus("open", path, EISDIR);
  std::shared_ptr<Node> file = l.node;
  const uint64_t seq = core_->NextSeq();
  if (file == nullptr) {
    file = core_->NewFile();
    l.parent().entries[l.name] = file;
    core_->Link(*file);
  } else if (truncate) {
    const uint64_t size_before = file->visible.size_bytes();
    ResizeFile(*file, 0, seq);
    core_->SizeChanged(*file, size_before);
  }
  auto handle = NewSimWritableFile(core_, file, path);
  core_->Report({.seq = seq,
                 .kind = truncate ? FsOpKind::kCreate : FsOpKind::kOpenAppend,
                 .path = path});
  return handle;
}

Result<std::unique_ptr<tsdb::WritableFile>> SimFilesystem::OpenAppend(const std::string& path) {
  return OpenWritable(path, false);
}

Result<std::unique_ptr<tsdb::WritableFile>> SimFilesystem::Create(const std::string& path) {
  return OpenWritable(path, true);
}

Result<std::unique_ptr<tsdb::ReadableFile>> SimFilesystem::OpenRead(const std::string& path) {
  const FaultDecision d = core_->faults().Check(FaultCall::kOpen, "open", path);
  if (!d.error.ok()) return d.error;
  const Lookup l = Resolve(core_->root(), path);
  if (l.err != 0) return ErrnoStatus("open", path, l.err);
  if (l.node == nullptr) return ErrnoStatus("open", path, ENOENT);
  if (l.trailing_slash && !l.node->is_dir) return ErrnoStatus("open", path, ENOTDIR);
  // Opening a directory read-only succeeds; reading it fails.
  return NewSimReadableFile(core_, l.node, path);
}

// A mapping of a file with an unreadable sector fails with EIO at once: a
// real one would map and then raise SIGBUS on touching the sector, which a
// simulated process cannot survive or handle.
Result<std::unique_ptr<tsdb::MappedFile>> SimFilesystem::MapReadOnly(const std::string& path) {
  const Lookup l = Resolve(core_->root(), path);
  const bool file = l.err == 0 && l.node != nullptr && !l.node->is_dir;
  const uint64_t size = file ? l.node->visible.size_bytes() : 0;
  const FaultDecision d = core_->faults().Check(FaultCall::kMap, "mmap", path, 0, size);
  if (!d.error.ok()) return d.error;
  if (l.err != 0) return ErrnoStatus("open", path, l.err);
  if (l.node == nullptr) return ErrnoStatus("open", path, ENOENT);
  if (l.trailing_slash && !l.node->is_dir) return ErrnoStatus("open", path, ENOTDIR);
  if (l.node->is_dir) return ErrnoStatus("mmap", path, ENODEV);
  if (HasBadSector(*l.node, 0, size)) {
    return core_->faults().LatentRead(FaultCall::kMap, "mmap", path, 0, size);
  }
  auto image = MapFile(*l.node);
  if (image == nullptr) return ErrnoStatus("mmap", path, ENOMEM);
  // Only this mapping's copy of the page shows the flip.
  if (d.flip_bit.has_value()) image->data()[*d.flip_bit / 8] ^= uint8_t(1u << (*d.flip_bit % 8));
  return NewSimMappedFile(std::move(image));
}

Result<std::vector<tsdb::DirEntry>> SimFilesystem::List(const std::string& dir) {
  const FaultDecision d = core_->faults().Check(FaultCall::kList, "open", dir);
  if (!d.error.ok()) return d.error;
  const Lookup l = Resolve(core_->root(), dir);
  if (l.err != 0) return ErrnoStatus("open", dir, l.err);
  if (l.node == nullptr) return ErrnoStatus("open", dir, ENOENT);
  if (!l.node->is_dir) return ErrnoStatus("open", dir, ENOTDIR);
  std::vector<tsdb::DirEntry> out;
  out.reserve(l.node->entries.size());
  for (const auto& [name, node] : l.node->entries) out.push_back({name, node->is_dir});
  return out;  // std::map keeps them sorted by name
}

Result<tsdb::FileInfo> SimFilesystem::Stat(const std::string& path) {
  const FaultDecision d = core_->faults().Check(FaultCall::kList, "stat", path);
  if (!d.error.ok()) return d.error;
  const Lookup l = Resolve(core_->root(), path);
  if (l.err != 0) return ErrnoStatus("stat", path, l.err);
  if (l.node == nullptr) return ErrnoStatus("stat", path, ENOENT);
  if (l.trailing_slash && !l.node->is_dir) return ErrnoStatus("stat", path, ENOTDIR);
  if (l.node->is_dir) return tsdb::FileInfo{kDirSizeBytes, true};
  return tsdb::FileInfo{l.node->visible.size_bytes(), false};
}

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

Status SimFilesystem::Truncate(const std::string& path, uint64_t size_bytes) {
  const FaultDecision d = core_->faults().Check(FaultCall::kResize, "truncate", path);
  if (!d.error.ok()) return d.error;
  const Lookup l = Resolve(core_->root(), path);
  if (l.err != 0) return ErrnoStatus("truncate", path, l.err);
  if (l.node == nullptr) return ErrnoStatus("truncate", path, ENOENT);
  if (l.trailing_slash && !l.node->is_dir) return ErrnoStatus("truncate", path, ENOTDIR);
  if (l.node->is_dir) return ErrnoStatus("truncate", path, EISDIR);
  if (size_bytes > core_->options().max_file_size_bytes) {
    return ErrnoStatus("truncate", path, EFBIG);
  }
  const uint64_t seq = core_->NextSeq();
  const uint64_t size_before = l.node->visible.size_bytes();
  ResizeFile(*l.node, size_bytes, seq);
  core_->SizeChanged(*l.node, size_before);
  core_->Report({.seq = seq, .kind = FsOpKind::kTruncate, .path = path, .offset_bytes = size_bytes});
  return {};
}

}  // namespace tsdbsim::fault
