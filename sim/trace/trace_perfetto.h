// The Chrome trace event JSON export ({"traceEvents":[...]}), which opens in
// ui.perfetto.dev and chrome://tracing. Layout (TRACE.md): one process,
// one thread per lane in the GUI's order, and one thread per scrape target
// below the scrape lane. Times are virtual, in microseconds.
#pragma once

#include <cstdint>
#include <ostream>
#include <span>

#include "sim/trace/trace_record.h"

namespace tsdbsim {

inline constexpr int64_t kPerfettoPid = 1;

// The tid of a lane's thread; target tracks take the tids right after the
// scrape lane's (ordinal 0 for the first target seen).
int64_t PerfettoLaneTid(Lane lane);
int64_t PerfettoTargetTid(int64_t target_ordinal);

void WritePerfetto(std::span<const TraceRecord> records, std::ostream& out);

}  // namespace tsdbsim
