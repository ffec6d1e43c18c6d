// The state a SimFilesystem shares with the handles it gave out, so a
// handle that outlives a crash (or the filesystem object) can still tell
// that it is dead instead of touching freed memory.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "fault_injection/fault_gate.h"
#include "fault_injection/fs_op.h"
#include "fault_injection/sim_node.h"

namespace tsdbsim::fault {

struct SimFilesystemOptions {
  // Writes and sizes past this fail with EFBIG, like a filesystem's largest
  // file; it keeps a wild offset from asking for terabytes of page table.
  uint64_t max_file_size_bytes = 64ull << 30;
};

class SimCore {
 public:
  explicit SimCore(SimFilesystemOptions options);
  ~SimCore();
  SimCore(const SimCore&) = delete;
  SimCore& operator=(const SimCore&) = delete;

  const SimFilesystemOptions& options() const { return options_; }
  const std::shared_ptr<Node>& root() const { return root_; }

  std::shared_ptr<Node> NewDir();
  std::shared_ptr<Node> NewFile() { return std::make_shared<Node>(false); }

  // A crash ends every handle opened before it.
  uint64_t epoch() const { return epoch_; }
  void EndEpoch() { epoch_++; }

  uint64_t op_count() const { return op_count_; }
  // Numbers a successful state change; Report it once it took effect.
  uint64_t NextSeq() { return ++op_count_; }
  // A crash image continues its origin's numbering.
  void ContinueNumberingFrom(uint64_t op_count) { op_count_ = op_count; }
  void Report(const FsOp& op) const;
  void SetObserver(FsObserver observer) { observer_ = std::move(observer); }

  FaultGate& faults() { return faults_; }

  // Space: the sum of the visible sizes of the files in the visible tree
  // (what the space budget limits). A file counts while it is linked.
  uint64_t space_used_bytes() const { return space_used_bytes_; }
  void Link(Node& file);
  void Unlink(Node& file);
  // After a size change of file from size_before to its visible size.
  void SizeChanged(const Node& file, uint64_t size_before);
  // Walks the visible tree again (after a power loss or a load).
  void RecountSpace();
  // How many of length_bytes at offset a write to file may store before
  // the budget runs out.
  uint64_t BytesThatFit(const Node& file, uint64_t offset, uint64_t length_bytes) const;
  // Whether the file may grow to size_bytes within the budget.
  bool FitsSize(const Node& file, uint64_t size_bytes) const;

 private:
  SimFilesystemOptions options_;
  std::shared_ptr<Node> root_;
  uint64_t epoch_ = 0;
  uint64_t op_count_ = 0;
  FsObserver observer_;
  FaultGate faults_;
  uint64_t space_used_bytes_ = 0;
  // Every directory made, so the destructor can clear entry tables: a
  // durable and a visible table can point at each other while a rename
  // between directories is pending, and shared_ptr would leak that cycle.
  std::vector<std::weak_ptr<Node>> dirs_;
};

}  // namespace tsdbsim::fault
