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
