#include "sim/shrink/reducer.h"

#include <charconv>

#include "sim/scenario/scenario_parser.h"
#include "sim/shrink/scenario_writer.h"

namespace tsdbsim {
namespace {

// A plain non-negative integer option value ("200"), or -1.
int64_t PlainInteger(const std::string& v) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  return ec == std::errc() && p == v.data() + v.size() && n >= 0 ? n : -1;
}

}  // namespace

bool Reducer::Try(const Scenario& candidate) {
  if (Spent()) return false;
  attempts_++;
  auto parsed = ParseScenario(WriteScenario(candidate), best_.file);
  if (!parsed.ok() || !still_fails_(*parsed)) return false;
  best_ = std::move(parsed).value();
  return true;
}

void Reducer::Run() {
  bool progress = true;
  while (progress && !Spent()) {
    progress = RemoveSteps();
    progress = ShortenRuns() || progress;
    progress = ReduceOptions() || progress;
  }
}

bool Reducer::RemoveSteps() {
  bool any = false;
  for (size_t chunk = std::max<size_t>(best_.steps.size() / 2, 1); chunk >= 1 && !Spent(); chunk /= 2) {
    size_t i = 0;
    while (i < best_.steps.size() && !Spent()) {
      const size_t end = std::min(i + chunk, best_.steps.size());
      Scenario cand = best_;
      bool has_seed = false;
      for (size_t k = i; k < end; k++) has_seed = has_seed || best_.steps[k].kind == Step::Kind::kSeed;
      if (!has_seed) {
        cand.steps.erase(cand.steps.begin() + static_cast<std::ptrdiff_t>(i),
                         cand.steps.begin() + static_cast<std::ptrdiff_t>(end));
        if (Try(cand)) {
          any = true;
          continue;  // the same place now holds the next steps
        }
      }
      i += chunk;
    }
    if (chunk == 1) break;
  }
  return any;
}

bool Reducer::ShortenRuns() {
  bool any = false;
  for (size_t i = 0; i < best_.steps.size() && !Spent(); i++) {
    while (best_.steps[i].kind == Step::Kind::kRun && best_.steps[i].duration_ms >= 2000 && !Spent()) {
      Scenario cand = best_;
      cand.steps[i].duration_ms /= 2;
      if (!Try(cand)) break;
      any = true;
    }
  }
  return any;
}

bool Reducer::ReduceOptions() {
  bool any = false;
  for (size_t i = 0; i < best_.steps.size() && !Spent(); i++) {
    size_t j = 0;
    while (j < best_.steps[i].options.size() && !Spent()) {
      Scenario cand = best_;
      cand.steps[i].options.erase(cand.steps[i].options.begin() + static_cast<std::ptrdiff_t>(j));
      if (Try(cand)) {
        any = true;
        continue;
      }
      // Kept: make a count smaller instead (series=200 -> 100 -> ...).
      for (int64_t n = PlainInteger(best_.steps[i].options[j].value); n > 1 && !Spent();
           n = PlainInteger(best_.steps[i].options[j].value)) {
        Scenario smaller = best_;
        smaller.steps[i].options[j].value = std::to_string(n / 2);
        if (!Try(smaller)) break;
        any = true;
      }
      j++;
    }
  }
  return any;
}

}  // namespace tsdbsim
