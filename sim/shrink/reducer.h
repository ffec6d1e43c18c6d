// The shrinker's search: greedy passes that drop runs of steps (halving
// the chunk, as delta debugging does), halve `run` durations, and drop or
// halve step options, keeping each change that still fails. Passes repeat
// until one changes nothing or the attempt budget is spent.
#pragma once

#include <functional>

#include "sim/scenario/scenario.h"

namespace tsdbsim {

class Reducer {
 public:
  // still_fails(candidate): the candidate fails the same way.
  Reducer(Scenario start, std::function<bool(const Scenario&)> still_fails, int max_attempts)
      : best_(std::move(start)), still_fails_(std::move(still_fails)), max_attempts_(max_attempts) {}

  void Run();
  const Scenario& best() const { return best_; }
  int attempts() const { return attempts_; }

 private:
  // Writes the candidate out and parses it back; keeps it if it still fails.
  bool Try(const Scenario& candidate);
  bool RemoveSteps();
  bool ShortenRuns();
  bool ReduceOptions();
  bool Spent() const { return attempts_ >= max_attempts_; }

  Scenario best_;
  std::function<bool(const Scenario&)> still_fails_;
  int max_attempts_;
  int attempts_ = 0;
};

}  // namespace tsdbsim
