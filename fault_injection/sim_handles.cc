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

class SimReadableFile final : public tsdb::ReadableFile {
 public:
  SimReadableFile(std::shared_ptr<SimCore> core, std::shared_ptr<Node> node, std::string path)
      : core_(std::move(core)), node_(std::move(node)), path_(std::move(path)),
        epoch_(core_->epoch()) {}

  Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> out) override {
    if (core_->epoch() != epoch_) return CrashedHandleStatus("read", path_);
    const uint64_t size = node_->is_dir ? 0 : node_->visible.size_bytes();
    const uint64_t n = offset < size ? std::min<uint64_t>(out.size(), size - offset) : 0;
    const FaultDecision d = core_->faults().Check(FaultCall::kRead, "read", path_, offset, n);
    if (!d.error.ok()) return d.error;
    if (node_->is_dir) return tsdb::ErrnoStatus("read", path_, EISDIR);
    // The page cache is taken to have dropped the page: reading goes to the medium.
    if (HasBadSector(*node_, offset, n)) {
      return core_->faults().LatentRead(FaultCall::kRead, "read", path_, offset, n);
    }
    const size_t got = node_->visible.Read(offset, out);
    if (d.flip_bit.has_value()) out[*d.flip_bit / 8] ^= static_cast<uint8_t>(1u << (*d.flip_bit % 8));
    return got;
  }

  Result<uint64_t> Size() override {
    if (core_->epoch() != epoch_) return CrashedHandleStatus("stat", path_);
    const FaultDecision d = core_->faults().Check(FaultCall::kList, "stat", path_);
    if (!d.error.ok()) return d.error;
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

std::unique_ptr<tsdb::ReadableFile> NewSimReadableFile(std::shared_ptr<SimCore> core,
                                                       std::shared_ptr<Node> node,
                                                       std::string path) {
  return std::make_unique<SimReadableFile>(std::move(core), std::move(node), std::move(path));
}

std::unique_ptr<tsdb::MappedFile> NewSimMappedFile(std::shared_ptr<MapImage> image) {
  return std::make_unique<SimMappedFile>(std::move(image));
}

}  // namespace tsdbsim::fault
