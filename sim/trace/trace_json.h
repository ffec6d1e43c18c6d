// JSON forms of trace records: JSON Lines (one object per record, for jq and
// scripts) and the named fields shared with the Perfetto export's args.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <span>
#include <string>

#include "sim/trace/trace_record.h"

namespace tsdbsim {

// The fields the text form writes (TraceRecord::written_fields), named as in
// tsdb::Event: segment, offset, bytes, count, ref, mint, maxt, record_type,
// detail.
nlohmann::ordered_json RecordFieldsJson(const TraceRecord& r);

// {"t_ms":..,"lane":"wal","type":"wal_record_written",<fields>}
nlohmann::ordered_json RecordJson(const TraceRecord& r);

// Serialises without throwing: a detail that is not valid UTF-8 has its bad
// bytes replaced by U+FFFD (the text form keeps them exactly).
std::string DumpJson(const nlohmann::ordered_json& j);

// One RecordJson per line.
void WriteJsonLines(std::span<const TraceRecord> records, std::ostream& out);

}  // namespace tsdbsim
