#include "fault_injection/sim_handles.h"

#include <algorithm>
#include <cerrno>

#include "engine/base/posix_filesystem.h"

namespace tsdbsim::fault {

using tsdb::ByteView;
using tsdb::Result;
using tsdb::Status;

Status CrashedHandleStatus(const char* op, const std::string& path) {
  return Status::IOError(std::string(op) + " " + path + ": file handle closed by crash");
}

namespace {

// Mirrors PosixWritableFile: appends go to the size this handle tracks
// (one writer per file), PWrite goes anywhere, Preallocate below the
// tracked size does nothing.
class SimWritableFile final : public tsdb::WritableFile {
 public:
  SimWritableFile(std::shared_ptr<SimCore> core, std::shared_ptr<Node> file, std::string path)
      : core_(std::move(core)),
        file_(std::move(file)),
        path_(std::move(path)),
        epoch_(core_->epoch()),
        size_(file_->visible.size_bytes()) {}

  Status Append(ByteView data) override {
    TSDB_ASSERT(!closed_);  // as the POSIX handle asserts on a closed fd
    const uint64_t offset = size_;
    TSDB_RETURN_IF_ERROR(Write("write", offset, data));
    size_ += data.size();
    Report(FsOpKind::kAppend, offset, data.size());
    return {};
  }

  Status PWrite(uint64_t offset, ByteView data) override {
    TSDB_ASSERT(!closed_);
    TSDB_RETURN_IF_ERROR(Write("pwrite", offset, data));
    size_ = std::max<uint64_t>(size_, offset + data.size());
    Report(FsOpKind::kPWrite, offset, data.size());
    return {};
  }

  Status Sync() override {
    TSDB_RETURN_IF_ERROR(Usable("fsync"));
    seq_ = core_->NextSeq();
    SyncFile(*file_);
    Report(FsOpKind::kSync, 0, 0);
    return {};
  }

  Status Preallocate(uint64_t size_bytes) override {
    if (core_->epoch() != epoch_) return CrashedHandleStatus("fallocate", path_);
    if (size_bytes <= size_) return {};  // the POSIX handle makes no call then
    TSDB_RETURN_IF_ERROR(Usable("fallocate"));
    if (size_bytes > core_->options().max_file_size_bytes) {
      return tsdb::ErrnoStatus("fallocate", path_, EFBIG);
    }
    seq_ = core_->NextSeq();
    // fallocate never shrinks: another handle may have made the file longer.
    if (size_bytes > file_->visible.size_bytes()) ResizeFile(*file_, size_bytes, seq_);
    size_ = size_bytes;
    Report(FsOpKind::kPreallocate, size_bytes, 0);
    return {};
  }

  Status Truncate(uint64_t size_bytes) override {
    TSDB_RETURN_IF_ERROR(Usable("truncate"));
    if (size_bytes > core_->options().max_file_size_bytes) {
      return tsdb::ErrnoStatus("truncate", path_, EFBIG);
    }
    seq_ = core_->NextSeq();
    ResizeFile(*file_, size_bytes, seq_);
    size_ = size_bytes;
    Report(FsOpKind::kTruncate, size_bytes, 0);
    return {};
  }

  Status Close() override {
    if (closed_) return {};
    closed_ = true;
    if (core_->epoch() != epoch_) return CrashedHandleStatus("close", path_);
    return {};
  }

  uint64_t Size() const override { return size_; }
  const std::string& path() const override { return path_; }

 private:
  // Closed handles fail as a closed fd does (EBADF); a crash outranks that.
  Status Usable(const char* op) const {
    if (core_->epoch() != epoch_) return CrashedHandleStatus(op, path_);
    if (closed_) return tsdb::ErrnoStatus(op, path_, EBADF);
    return {};
  }

  Status Write(const char* op, uint64_t offset, ByteView data) {
    TSDB_RETURN_IF_ERROR(Usable(op));
    const uint64_t limit = core_->options().max_file_size_bytes;
    if (offset > limit || data.size() > limit - offset) return tsdb::ErrnoStatus(op, path_, EFBIG);
    seq_ = core_->NextSeq();
    WriteFile(*file_, offset, data, seq_);
    return {};
  }

  void Report(FsOpKind kind, uint64_t offset, uint64_t length) const {
    core_->Report({.seq = seq_, .kind = kind, .path = path_, .offset_bytes = offset,
                   .length_bytes = length});
  }

  std::shared_ptr<SimCore> core_;
  std::shared_ptr<Node> file_;
  std::string path_;
  uint64_t epoch_;
  uint64_t size_;
  uint64_t seq_ = 0;  // of the operation being reported
  bool closed_ = false;
};

class SimReadableFile final : public tsdb::ReadableFile {
 public:
  SimReadableFile(std::shared_ptr<SimCore> core, std::shared_ptr<Node> node, std::string path)
      : core_(std::move(core)), node_(std::move(node)), path_(std::move(path)),
        epoch_(core_->epoch()) {}

  Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> out) override {
    if (core_->epoch() != epoch_) return CrashedHandleStatus("read", path_);
    if (node_->is_dir) return tsdb::ErrnoStatus("read", path_, EISDIR);
    return node_->visible.Read(offset, out);
  }

  Result<uint64_t> Size() override {
    if (core_->epoch() != epoch_) return CrashedHandleStatus("stat", path_);
    // A directory's size is the filesystem's business; ext4 says one block.
    return node_->is_dir ? uint64_t{4096} : node_->visible.size_bytes();
  }

 private:
  std::shared_ptr<SimCore> core_;
  std::shared_ptr<Node> node_;
  std::string path_;
  uint64_t epoch_;
};

class SimMappedFile final : public tsdb::MappedFile {
 public:
  explicit SimMappedFile(std::shared_ptr<MapImage> image) : image_(std::move(image)) {}
  ByteView data() const override { return {image_->data(), image_->size()}; }

 private:
  std::shared_ptr<MapImage> image_;
};

}  // namespace

std::unique_ptr<tsdb::WritableFile> NewSimWritableFile(std::shared_ptr<SimCore> core,
                                                       std::shared_ptr<Node> file,
                                                       std::string path) {
  return std::make_unique<SimWritableFile>(std::move(core), std::move(file), std::move(path));
}

std::unique_ptr<tsdb::ReadableFile> NewSimReadableFile(std::shared_ptr<SimCore> core,
                                                       std::shared_ptr<Node> node,
                                                       std::string path) {
  return std::make_unique<SimReadableFile>(std::move(core), std::move(node), std::move(path));
}

std::unique_ptr<tsdb::MappedFile> NewSimMappedFile(std::shared_ptr<MapImage> image) {
  return std::make_unique<SimMappedFile>(std::move(image));
}

}  // namespace tsdbsim::fault
