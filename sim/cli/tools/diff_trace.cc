// tsdbsim diff-trace A B: compares two text traces (sim/trace/TRACE.md) and
// names the first event where they part, so a run that stopped being
// deterministic, or a change that altered behaviour, points at its cause.
// Exit 0 when identical, 1 when they differ, 2 when a file cannot be read.
#include <cstdio>
#include <memory>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "sim/cli/verbs.h"
#include "sim/trace/trace_diff.h"
#include "sim/trace/trace_file.h"
#include "sim/trace/trace_text.h"

namespace tsdbsim {
namespace {

struct DiffTraceOptions {
  std::string a;
  std::string b;
};

// The file line of record index, or of where one more record would be.
long long LineOf(const ParsedTrace& t, size_t index) {
  if (index < t.line_numbers.size()) return static_cast<long long>(t.line_numbers[index]);
  return t.line_numbers.empty() ? 1 : static_cast<long long>(t.line_numbers.back()) + 1;
}

int RunDiffTrace(const DiffTraceOptions& o) {
  tsdb::PosixFilesystem fs;
  auto a = ReadTextTraceFile(fs, o.a);
  auto b = a.ok() ? ReadTextTraceFile(fs, o.b) : tsdb::Result<ParsedTrace>(a.status());
  if (!a.ok() || !b.ok()) {
    std::fprintf(stderr, "tsdbsim diff-trace: %s\n",
                 (!a.ok() ? a.status() : b.status()).message().c_str());
    return 2;
  }
  const TraceDiff d = DiffTraces(a->records, b->records);
  if (d.identical) {
    std::printf("traces are identical (%zu events, hash %s)\n", d.size_a,
                TraceHashHex(d.hash_a).c_str());
    return 0;
  }
  if (!d.line_a.empty() && !d.line_b.empty()) {
    std::printf("traces differ at event %zu, t=%lld (%s line %lld, %s line %lld):\n", d.index + 1,
                static_cast<long long>(a->records[d.index].t_ms), o.a.c_str(),
                LineOf(*a, d.index), o.b.c_str(), LineOf(*b, d.index));
    std::printf("  A: %s\n  B: %s\n", d.line_a.c_str(), d.line_b.c_str());
  } else {
    // One trace is the other with events added at the end.
    const bool a_longer = !d.line_a.empty();
    const ParsedTrace& longer = a_longer ? *a : *b;
    std::printf("traces agree on %zu events; %s has %zu more, from t=%lld (%s line %lld):\n",
                d.index, a_longer ? "A" : "B", a_longer ? d.size_a - d.size_b : d.size_b - d.size_a,
                static_cast<long long>(longer.records[d.index].t_ms),
                a_longer ? o.a.c_str() : o.b.c_str(), LineOf(longer, d.index));
    std::printf("  %s: %s\n", a_longer ? "A" : "B", (a_longer ? d.line_a : d.line_b).c_str());
  }
  std::printf("A: %s: %zu events, hash %s\nB: %s: %zu events, hash %s\n", o.a.c_str(), d.size_a,
              TraceHashHex(d.hash_a).c_str(), o.b.c_str(), d.size_b,
              TraceHashHex(d.hash_b).c_str());
  return 1;
}

}  // namespace

void RegisterDiffTrace(CLI::App& app) {
  auto opts = std::make_shared<DiffTraceOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff-trace",
      "Compare two text traces and print the first event where they differ (exit 1), or that "
      "they are identical with their event count and hash (exit 0). Exit 2 if a file cannot be "
      "read or is not a trace.");
  cmd->add_option("A", opts->a, "The first trace (text form)")->required();
  cmd->add_option("B", opts->b, "The second trace (text form)")->required();
  cmd->callback([opts] { SetExitCode(RunDiffTrace(*opts)); });
}

}  // namespace tsdbsim
