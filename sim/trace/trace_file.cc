#include "sim/trace/trace_file.h"

#include <sstream>
#include <string_view>
#include <utility>

#include "sim/trace/trace_json.h"
#include "sim/trace/trace_perfetto.h"

namespace tsdbsim {

tsdb::Status WriteTraceFile(tsdb::Filesystem& fs, const std::string& path, TraceFormat format,
                            std::span<const TraceRecord> records) {
  std::ostringstream out;
  switch (format) {
    case TraceFormat::kText: WriteText(records, out); break;
    case TraceFormat::kJsonLines: WriteJsonLines(records, out); break;
    case TraceFormat::kPerfetto: WritePerfetto(records, out); break;
  }
  const std::string text = std::move(out).str();
  const tsdb::ByteView bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  // The filesystem's messages already name the path.
  return tsdb::WriteWholeFile(fs, path, bytes, /*sync=*/true);
}

tsdb::Result<ParsedTrace> ReadTextTraceFile(tsdb::Filesystem& fs, const std::string& path) {
  auto bytes = tsdb::ReadWholeFile(fs, path);
  if (!bytes.ok()) return bytes.status();
  const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  auto parsed = ParseTextTrace(text);
  if (!parsed.ok()) return parsed.status().Wrap(path);
  return parsed;
}

}  // namespace tsdbsim
