#include "sim/trace/trace_json.h"

namespace tsdbsim {

nlohmann::ordered_json RecordFieldsJson(const TraceRecord& r) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  const uint16_t f = r.written_fields();
  if (f & kFieldSegment) j["segment"] = r.segment;
  if (f & kFieldOffset) j["offset"] = r.offset;
  if (f & kFieldBytes) j["bytes"] = r.bytes;
  if (f & kFieldCount) j["count"] = r.count;
  if (f & kFieldRef) j["ref"] = r.ref;
  if (f & kFieldMint) j["mint"] = r.mint;
  if (f & kFieldMaxt) j["maxt"] = r.maxt;
  if (f & kFieldRecordType) j["record_type"] = r.record_type;
  if (f & kFieldDetail) j["detail"] = r.detail;
  return j;
}

nlohmann::ordered_json RecordJson(const TraceRecord& r) {
  nlohmann::ordered_json j;
  j["t_ms"] = r.t_ms;
  j["lane"] = LaneName(r.lane);
  j["type"] = r.type_name();
  j.update(RecordFieldsJson(r));
  return j;
}

std::string DumpJson(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void WriteJsonLines(std::span<const TraceRecord> records, std::ostream& out) {
  std::string buf;
  for (const TraceRecord& r : records) {
    buf += DumpJson(RecordJson(r));
    buf.push_back('\n');
    if (buf.size() >= (1u << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

}  // namespace tsdbsim
