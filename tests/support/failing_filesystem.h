// A real filesystem whose writes can be made to fail: enough to show what
// the engine does when the WAL cannot be written. (The simulated
// filesystem with its full fault model lives in fault_injection/.)
#pragma once

#include <memory>

#include "engine/base/posix_filesystem.h"

namespace tsdb::testing {

class FailingFilesystem final : public Filesystem {
 public:
  bool fail_writes = false;
  bool fail_rename = false;

  Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& p) override { return Wrap(base_.OpenAppend(p)); }
  Result<std::unique_ptr<WritableFile>> Create(const std::string& p) override { return Wrap(base_.Create(p)); }
  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& p) override { return base_.OpenRead(p); }
  Result<std::unique_ptr<MappedFile>> MapReadOnly(const std::string& p) override { return base_.MapReadOnly(p); }
  Result<std::vector<DirEntry>> List(const std::string& d) override { return base_.List(d); }
  Result<FileInfo> Stat(const std::string& p) override { return base_.Stat(p); }
  Status MkdirAll(const std::string& p) override { return base_.MkdirAll(p); }
  Status Rename(const std::string& a, const std::string& b) override {
    if (fail_rename) return Status::IOError("rename: injected");
    return base_.Rename(a, b);
  }
  Status Remove(const std::string& p) override { return base_.Remove(p); }
  Status RemoveAll(const std::string& p) override { return base_.RemoveAll(p); }
  Status SyncDir(const std::string& p) override { return base_.SyncDir(p); }
  Status Truncate(const std::string& p, uint64_t n) override { return base_.Truncate(p, n); }

 private:
  class File final : public WritableFile {
   public:
    File(std::unique_ptr<WritableFile> f, const bool* fail) : f_(std::move(f)), fail_(fail) {}
    Status Append(ByteView d) override { return *fail_ ? Status(StatusCode::kNoSpace, "write: no space left on device") : f_->Append(d); }
    Status PWrite(uint64_t o, ByteView d) override { return *fail_ ? Status(StatusCode::kNoSpace, "pwrite: no space left on device") : f_->PWrite(o, d); }
    Status Sync() override { return f_->Sync(); }
    Status Preallocate(uint64_t n) override { return f_->Preallocate(n); }
    Status Truncate(uint64_t n) override { return f_->Truncate(n); }
    Status Close() override { return f_->Close(); }
    uint64_t Size() const override { return f_->Size(); }
    const std::string& path() const override { return f_->path(); }

   private:
    std::unique_ptr<WritableFile> f_;
    const bool* fail_;
  };

  Result<std::unique_ptr<WritableFile>> Wrap(Result<std::unique_ptr<WritableFile>> f) {
    if (!f.ok()) return f.status();
    return std::unique_ptr<WritableFile>(new File(std::move(f).value(), &fail_writes));
  }
  PosixFilesystem base_;
};

}  // namespace tsdb::testing
