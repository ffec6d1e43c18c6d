#include "fault_injection/sim_core.h"

#include <algorithm>

namespace tsdbsim::fault {

SimCore::SimCore(SimFilesystemOptions options) : options_(options) { root_ = NewDir(); }

SimCore::~SimCore() {
  for (const auto& weak : dirs_) {
    if (auto d = weak.lock()) {
      d->entries.clear();
      d->durable_entries.clear();
    }
  }
}

std::shared_ptr<Node> SimCore::NewDir() {
  // Forget dead directories now and then, so the list stays proportional
  // to the live ones.
  if (dirs_.size() >= 64 && dirs_.size() == dirs_.capacity()) {
    std::erase_if(dirs_, [](const std::weak_ptr<Node>& d) { return d.expired(); });
  }
  auto d = std::make_shared<Node>(true);
  dirs_.push_back(d);
  return d;
}

void SimCore::Link(Node& file) {
  TSDB_ASSERT(!file.is_dir && !file.linked);
  file.linked = true;
  space_used_bytes_ += file.visible.size_bytes();
}

void SimCore::Unlink(Node& file) {
  if (file.is_dir || !file.linked) return;
  file.linked = false;
  space_used_bytes_ -= file.visible.size_bytes();
}

void SimCore::SizeChanged(const Node& file, uint64_t size_before) {
  if (!file.linked) return;
  space_used_bytes_ = space_used_bytes_ - size_before + file.visible.size_bytes();
}

namespace {

uint64_t LinkTree(Node& dir) {
  uint64_t total = 0;
  for (const auto& [name, child] : dir.entries) {
    if (child->is_dir) {
      total += LinkTree(*child);
    } else {
      child->linked = true;
      total += child->visible.size_bytes();
    }
  }
  return total;
}

}  // namespace

void SimCore::RecountSpace() { space_used_bytes_ = LinkTree(*root_); }

uint64_t SimCore::BytesThatFit(const Node& file, uint64_t offset, uint64_t length_bytes) const {
  const auto budget = faults_.space_budget_bytes();
  const uint64_t size = file.visible.size_bytes();
  if (!budget.has_value() || !file.linked || offset + length_bytes <= size) return length_bytes;
  const uint64_t room = *budget > space_used_bytes_ ? *budget - space_used_bytes_ : 0;
  const uint64_t max_end = size + room;
  return offset >= max_end ? 0 : std::min(length_bytes, max_end - offset);
}

bool SimCore::FitsSize(const Node& file, uint64_t size_bytes) const {
  const auto budget = faults_.space_budget_bytes();
  const uint64_t size = file.visible.size_bytes();
  if (!budget.has_value() || !file.linked || size_bytes <= size) return true;
  return space_used_bytes_ + (size_bytes - size) <= *budget;
}

void SimCore::Report(const FsOp& op) const {
  if (!observer_) return;
  // A copy, so an observer that replaces itself does not pull the callable
  // out from under its own call.
  const FsObserver observer = observer_;
  observer(op);
}

}  // namespace tsdbsim::fault
