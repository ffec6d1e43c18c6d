// The canonical text form of a trace: one fixed-column line per record, and
// the trace hash over those lines. The format is specified in TRACE.md.
#pragma once

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "sim/trace/trace_record.h"

namespace tsdbsim {

// Appends r's line without the newline. origin_ms is the time the elapsed
// column counts from: the first record's time in a whole trace.
void AppendTraceLine(const TraceRecord& r, int64_t origin_ms, std::string* out);
std::string FormatTraceLine(const TraceRecord& r, int64_t origin_ms);

// Every line, each ending in '\n'.
void WriteText(std::span<const TraceRecord> records, std::ostream& out);

// XXH64 (seed 0) of the canonical text, newlines included: the hash of a
// written trace file is `xxhsum -H1` of the file.
class TraceHasher {
 public:
  TraceHasher();
  ~TraceHasher();
  TraceHasher(const TraceHasher&) = delete;
  TraceHasher& operator=(const TraceHasher&) = delete;

  void AddLine(std::string_view line_without_newline);
  uint64_t value() const;

 private:
  void* state_;  // XXH64_state_t, kept out of this header
};

uint64_t TraceHash(std::span<const TraceRecord> records);
// 16 lowercase hex digits.
std::string TraceHashHex(uint64_t hash);

// Reads one line back; the inverse of AppendTraceLine.
tsdb::Result<TraceRecord> ParseTraceLine(std::string_view line);

struct ParsedTrace {
  std::vector<TraceRecord> records;
  std::vector<int64_t> line_numbers;  // 1-based, of each record in the text
};

// A whole text trace. Blank lines and lines starting with '#' are skipped;
// errors name the line: "line 7: unknown event type \"foo bar\"".
tsdb::Result<ParsedTrace> ParseTextTrace(std::string_view text);

}  // namespace tsdbsim
