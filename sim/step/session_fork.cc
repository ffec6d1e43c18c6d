// Forks: a student's "what if, here?" as a scenario file of its own. The
// lines already run are copied as written (comments too), a `run` step in
// progress is cut to the time it has run, and the seed is pinned, so that
// `tsdbsim run` of the file is the fork, trace hash and all.
#include <string_view>

#include "sim/shrink/scenario_writer.h"
#include "sim/step/session.h"

namespace tsdbsim {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace

std::string Session::ForkPrefix() const {
  const std::vector<std::string_view> source = SplitLines(text_);
  const size_t next = sim_->next_step_index();
  // Source lines before the step in progress (or not yet begun) are copied.
  const size_t copied = next < scenario_.steps.size() ? static_cast<size_t>(scenario_.steps[next].line - 1)
                                                      : source.size();
  int seed_line = 0;
  for (const ::tsdbsim::Step& s : scenario_.steps) {
    if (s.kind == ::tsdbsim::Step::Kind::kSeed) seed_line = s.line;
  }
  const std::string seed = "seed " + std::to_string(sim_->seed());
  std::string out;
  if (seed_line == 0 || static_cast<size_t>(seed_line) > copied) out += seed + "\n";
  for (size_t i = 0; i < copied && i < source.size(); i++) {
    out += static_cast<int>(i + 1) == seed_line ? std::string_view(seed) : source[i];
    out += '\n';
  }
  if (const std::optional<int64_t> start = sim_->active_run_start_ms()) {
    const int64_t ran_ms = sim_->loop().NowMs() - *start;
    if (ran_ms > 0) out += "run " + FormatDurationMs(ran_ms) + "\n";
  }
  out += "# fork at " + FormatDurationMs(elapsed_ms()) + " of " + file_ + "\n";
  if (!options_.initial_data_dir.empty()) {
    // The copy is no scenario line: `tsdbsim run` of this text starts empty.
    const std::string note = "# started from a copy of " + options_.initial_data_dir + "\n";
    if (out.find(note) == std::string::npos) out += note;  // a fork of a fork has it already
  }
  return out;
}

std::string Session::ForkText(const std::vector<std::string>& lines) const {
  std::string out = ForkPrefix();
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

tsdb::Result<std::unique_ptr<Session>> Session::Fork(const std::vector<std::string>& lines) const {
  const std::string prefix = ForkPrefix();
  std::string text = prefix;
  for (const std::string& line : lines) text += line + "\n";
  SessionOptions options = options_;
  options.seed.reset();  // pinned in the text
  auto fork = Open(text, file_ + " (fork)", std::move(options));
  if (!fork.ok()) return fork.status();
  // Everything before the fork's first new line runs now.
  const int first_new_line = static_cast<int>(SplitLines(prefix).size()) + 1;
  Session& f = **fork;
  const auto& steps = f.scenario_.steps;
  const auto before_new_lines = [&] {
    const size_t k = f.sim_->next_step_index();
    return k < steps.size() && steps[k].line < first_new_line;
  };
  while (!f.sim_->Done() && before_new_lines()) TSDB_RETURN_IF_ERROR(f.Advance());
  return fork;
}

}  // namespace tsdbsim
