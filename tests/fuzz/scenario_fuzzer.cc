// Scenario fuzzer: ParseScenario on the text, then every option value
// through the value parsers the simulation set-up uses (durations, byte
// sizes, ratios, on/off, integers, numbers). Errors must be kInvalidArgument
// and start with "FILE:LINE:COL: " pointing into the text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/values.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

constexpr std::string_view kFile = "fuzz.tsdbsim";

void CheckError(std::string_view text, const tsdb::Status& s) {
  FUZZ_CHECK(s.code() == tsdb::StatusCode::kInvalidArgument, "%s", s.ToString().c_str());
  const std::string& m = s.message();
  FUZZ_CHECK(m.rfind(std::string(kFile) + ":", 0) == 0, "no file in: %s", m.c_str());
  int line = 0, column = 0;
  const int n = std::sscanf(m.c_str() + kFile.size(), ":%d:%d:", &line, &column);
  FUZZ_CHECK(n == 2, "no line:column in: %s", m.c_str());
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  FUZZ_CHECK(line >= 1 && line <= lines && column >= 1, "position %d:%d of %d lines: %s", line,
             column, lines, m.c_str());
}

void Values(std::string_view v) {
  (void)tsdbsim::ParseDurationMs(v);
  (void)tsdbsim::ParseBytes(v);
  (void)tsdbsim::ParseRatioPpm(v);
  (void)tsdbsim::ParseOnOff(v);
  (void)tsdbsim::ParseInt(v, -1000, 1000);
  (void)tsdbsim::ParseU64(v);
  (void)tsdbsim::ParseNumber(v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sc = tsdbsim::ParseScenario(text, std::string(kFile));
  if (!sc.ok()) {
    CheckError(text, sc.status());
    return 0;
  }
  for (const tsdbsim::Step& step : sc->steps) {
    for (const tsdbsim::Option& o : step.options) Values(o.value);
  }
  return 0;
}
