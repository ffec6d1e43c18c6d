// Trace files through the engine's Filesystem: the CLI writes a run's trace
// next to its data, and diff-trace reads two back.
#pragma once

#include <span>
#include <string>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "sim/trace/trace_record.h"
#include "sim/trace/trace_text.h"

namespace tsdbsim {

enum class TraceFormat { kText, kJsonLines, kPerfetto };

// Creates or replaces path with the records in format, and fsyncs it.
tsdb::Status WriteTraceFile(tsdb::Filesystem& fs, const std::string& path, TraceFormat format,
                            std::span<const TraceRecord> records);

// A text trace; errors name the path (and the line when it does not parse).
tsdb::Result<ParsedTrace> ReadTextTraceFile(tsdb::Filesystem& fs, const std::string& path);

}  // namespace tsdbsim
