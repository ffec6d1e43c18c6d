#include "sim/shrink/scenario_writer.h"

#include <cmath>
#include <cstdio>

namespace tsdbsim {
namespace {

std::string Options(const Step& s) {
  std::string out;
  for (const Option& o : s.options) out += " " + o.key + "=" + o.value;
  return out;
}

std::string Number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string FormatDurationMs(int64_t ms) {
  if (ms <= 0) return "0s";
  static constexpr struct {
    int64_t ms;
    const char* unit;
  } kUnits[] = {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  std::string out;
  for (const auto& u : kUnits) {
    if (ms >= u.ms) {
      out += std::to_string(ms / u.ms) + u.unit;
      ms %= u.ms;
    }
  }
  return out;
}

std::string WriteStep(const Step& s) {
  using K = Step::Kind;
  switch (s.kind) {
    case K::kSeed:
      return "seed " + std::to_string(s.seed);
    case K::kConfig:
      return "config" + Options(s);
    case K::kTarget:
      return "target " + s.name + " " + s.kind_word + Options(s);
    case K::kRemove:
      return "remove " + s.name;
    case K::kSecondary:
      return "secondary remote_write" + Options(s);
    case K::kRun:
      return "run " + FormatDurationMs(s.duration_ms);
    case K::kRunUntil:
      return "run until " + s.name + " within " + FormatDurationMs(s.duration_ms);
    case K::kCrash:
      return "crash " + s.name + Options(s);
    case K::kRestart:
      return "restart";
    case K::kShutdown:
      return "shutdown";
    case K::kExpect:
      return "expect " + s.name + " " + s.kind_word + " " + Number(s.number);
    case K::kFault:
      return "fault " + s.kind_word + (s.name.empty() ? "" : " " + s.name) + Options(s);
  }
  return "";
}

std::string WriteScenario(const Scenario& scenario, const std::string& header) {
  std::string out;
  size_t pos = 0;
  while (pos < header.size()) {
    const size_t nl = std::min(header.find('\n', pos), header.size());
    out += "# " + header.substr(pos, nl - pos) + "\n";
    pos = nl + 1;
  }
  for (const Step& s : scenario.steps) out += WriteStep(s) + "\n";
  return out;
}

}  // namespace tsdbsim
