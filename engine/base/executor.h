// Executor: where the engine schedules the work Prometheus does in
// goroutines (the DB loop's compaction, DESIGN.md §3). The simulator's is
// its deterministic event loop; without one, work runs inline.
#pragma once

#include <cstdint>
#include <functional>

namespace tsdb {

class Executor {
 public:
  virtual ~Executor() = default;
  virtual int64_t NowMs() const = 0;
  // Runs fn at time t_ms (or as soon as possible if that is already past).
  virtual void At(int64_t t_ms, std::function<void()> fn) = 0;
};

}  // namespace tsdb
