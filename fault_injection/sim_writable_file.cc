// The writable handle of the simulated filesystem (sim_handles.h).
#include <algorithm>
#include <cerrno>

#include "engine/base/posix_filesystem.h"
#include "fault_injection/sim_handles.h"

namespace tsdbsim::fault {

using tsdb::ByteView;
using tsdb::Status;

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

  // A write cut short by the space budget stores its first part, then
  // fails with ENOSPC, as write(2) returning short and then ENOSPC does to
  // the POSIX handle's loop (which counts the part in its size).
  Status Append(ByteView data) override {
    TSDB_ASSERT(!closed_);  // as the POSIX handle asserts on a closed fd
    const uint64_t offset = size_;
    const WriteResult w = Write("write", offset, data);
    if (w.stored) {
      size_ += w.written_bytes;
      Report(FsOpKind::kAppend, offset, w.written_bytes);
    }
    return w.status;
  }

  Status PWrite(uint64_t offset, ByteView data) override {
    TSDB_ASSERT(!closed_);
    const WriteResult w = Write("pwrite", offset, data);
    if (w.stored) Report(FsOpKind::kPWrite, offset, w.written_bytes);
    // The POSIX handle's size follows only a complete positional write.
    if (w.status.ok()) size_ = std::max<uint64_t>(size_, offset + data.size());
    return w.status;
  }

  Status Sync() override {
    TSDB_RETURN_IF_ERROR(Usable("fsync"));
    const FaultDecision d = core_->faults().Check(FaultCall::kSync, "fsync", path_);
    if (!d.error.ok()) {
      if (d.fsync_fail) FailSync(*file_);
      return d.error;
    }
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
    const FaultDecision d = core_->faults().Check(FaultCall::kResize, "fallocate", path_);
    if (!d.error.ok()) return d.error;
    const uint64_t size_before = file_->visible.size_bytes();
    if (!core_->FitsSize(*file_, size_bytes)) {
      return core_->faults().NoSpace(FaultCall::kResize, "fallocate", path_, size_before,
                                     size_bytes - size_before);
    }
    seq_ = core_->NextSeq();
    // fallocate never shrinks: another handle may have made the file longer.
    if (size_bytes > size_before) ResizeFile(*file_, size_bytes, seq_);
    core_->SizeChanged(*file_, size_before);
    size_ = size_bytes;
    Report(FsOpKind::kPreallocate, size_bytes, 0);
    return {};
  }

  Status Truncate(uint64_t size_bytes) override {
    TSDB_RETURN_IF_ERROR(Usable("truncate"));
    if (size_bytes > core_->options().max_file_size_bytes) {
      return tsdb::ErrnoStatus("truncate", path_, EFBIG);
    }
    const FaultDecision d = core_->faults().Check(FaultCall::kResize, "truncate", path_);
    if (!d.error.ok()) return d.error;
    seq_ = core_->NextSeq();
    const uint64_t size_before = file_->visible.size_bytes();
    ResizeFile(*file_, size_bytes, seq_);
    core_->SizeChanged(*file_, size_before);
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

  struct WriteResult {
    Status status;
    bool stored = false;  // the file changed (an operation to report)
    uint64_t written_bytes = 0;
  };

  WriteResult Write(const char* op, uint64_t offset, ByteView data) {
    Status usable = Usable(op);
    if (!usable.ok()) return {std::move(usable)};
    const uint64_t limit = core_->options().max_file_size_bytes;
    if (offset > limit || data.size() > limit - offset) {
      return {tsdb::ErrnoStatus(op, path_, EFBIG)};
    }
    const uint64_t fit = core_->BytesThatFit(*file_, offset, data.size());
    const FaultDecision d = core_->faults().Check(FaultCall::kWrite, op, path_, offset, fit);
    if (!d.error.ok()) return {d.error};
    WriteResult r;
    if (fit > 0 || data.empty()) {
      Store(offset, data.first(static_cast<size_t>(fit)), d);
      r.stored = true;
      r.written_bytes = fit;
    }
    if (fit < data.size()) {
      r.status = core_->faults().NoSpace(FaultCall::kWrite, op, path_, offset + fit,
                                         data.size() - fit);
    }
    return r;
  }

  // The bytes reach the page cache, with the corruption a rule asked for.
  void Store(uint64_t offset, ByteView data, const FaultDecision& d) {
    tsdb::Bytes flipped;
    if (d.flip_bit.has_value()) {
      flipped.assign(data.begin(), data.end());
      flipped[*d.flip_bit / 8] ^= static_cast<uint8_t>(1u << (*d.flip_bit % 8));
      data = flipped;
    }
    seq_ = core_->NextSeq();
    const uint64_t size_before = file_->visible.size_bytes();
    WriteFile(*file_, offset, data, seq_);
    core_->SizeChanged(*file_, size_before);
    if (d.latent) MarkBadSectors(*file_, offset, data.size());
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

}  // namespace

std::unique_ptr<tsdb::WritableFile> NewSimWritableFile(std::shared_ptr<SimCore> core,
                                                       std::shared_ptr<Node> file,
                                                       std::string path) {
  return std::make_unique<SimWritableFile>(std::move(core), std::move(file), std::move(path));
}

}  // namespace tsdbsim::fault
