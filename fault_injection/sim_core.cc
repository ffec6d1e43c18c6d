#include "fault_injection/sim_core.h"

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

void SimCore::Report(const FsOp& op) const {
  if (!observer_) return;
  // A copy, so an observer that replaces itself does not pull the callable
  // out from under its own call.
  const FsObserver observer = observer_;
  observer(op);
}

}  // namespace tsdbsim::fault
