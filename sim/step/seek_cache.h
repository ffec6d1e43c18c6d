// SeekCache: sessions parked at whole multiples of a spacing behind where a
// run has got to, built on a background thread, so that seeking back
// starts from the nearest one instead of from the start of the run.
//
// The engine's state cannot be copied (its timers are closures), but a run
// is deterministic: a session of the same scenario and seed run to T is
// the state at T. So a parked session is exactly what the live one was at
// its time; handing it over changes no world and no trace hash. What it
// costs is memory (one simulated disk and head per parked session) and the
// other core's time to build them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sim/step/session.h"

namespace tsdbsim {

struct SeekCacheOptions {
  int64_t spacing_ms = 30 * 60'000;
  size_t max_parked = 4;  // at most this many, the latest behind the run's position
};

class SeekCache {
 public:
  SeekCache(std::string text, std::string file, SessionOptions options, SeekCacheOptions cache);
  ~SeekCache();  // stops the builder (it finishes the session it is building)
  SeekCache(const SeekCache&) = delete;
  SeekCache& operator=(const SeekCache&) = delete;

  // The run has got to elapsed_ms: park sessions at the last max_parked
  // multiples of the spacing at or before it.
  void Want(int64_t elapsed_ms);
  // The parked session with the latest time at or before elapsed_ms, or
  // null. It leaves the cache (the builder makes another if still wanted).
  std::unique_ptr<Session> Take(int64_t elapsed_ms);
  // Frees a session on the builder thread: a long run holds a lot of
  // memory, and a seek should not wait for it to be given back.
  void Discard(std::unique_ptr<Session> session);
  // Waits until every wanted session is parked (benchmarks, tests).
  void WaitIdle();
  size_t parked() const;

 private:
  void Build();
  // The wanted time not parked yet, latest first; -1 when none.
  int64_t NextToBuild() const;

  const std::string text_;
  const std::string file_;
  const SessionOptions options_;
  const SeekCacheOptions cache_;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  int64_t wanted_up_to_ms_ = -1;
  int64_t building_ms_ = -1;
  bool stop_ = false;
  std::map<int64_t, std::unique_ptr<Session>> parked_;  // by elapsed ms
  std::vector<std::unique_ptr<Session>> discarded_;
  std::thread builder_;
};

}  // namespace tsdbsim
