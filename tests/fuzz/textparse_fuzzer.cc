// Exposition parser fuzzer: the Prometheus text format and OpenMetrics
// parsers walked entry by entry (series, value, timestamp, labels, HELP,
// TYPE, UNIT, comments) to the end or the first error.
//
// Input: byte 0 picks the parser, the rest is the page.
//   bit 1 clear: bit 0 clear = text format, set = OpenMetrics
//   bit 1 set:   the page's first line is a Content-Type header value, and
//                NewParser chooses from it as a scrape does
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "engine/scrape/textparse/parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using tsdb::scrape::EntryType;

// An error's line and column must point into the page (or just past its end).
void CheckPosition(std::string_view page, tsdb::scrape::TextPosition pos) {
  const auto lines = static_cast<int>(std::count(page.begin(), page.end(), '\n')) + 1;
  FUZZ_CHECK(pos.line >= 1 && pos.line <= lines, "error line %d of %d", pos.line, lines);
  size_t start = 0;
  for (int l = 1; l < pos.line; l++) start = page.find('\n', start) + 1;
  const size_t end = std::min(page.find('\n', start), page.size());
  FUZZ_CHECK(pos.column >= 1 && static_cast<size_t>(pos.column) <= end - start + 1,
             "error column %d on a line of %zu bytes", pos.column, end - start);
}

void Walk(std::string_view page, std::string_view content_type) {
  const std::unique_ptr<tsdb::scrape::Parser> p = tsdb::scrape::NewParser(page, content_type);
  tsdb::LabelsBuilder b;
  // Every entry but the last consumes at least one byte.
  for (size_t entries = 0;; entries++) {
    FUZZ_CHECK(entries <= page.size() + 1, "%zu entries from %zu bytes", entries, page.size());
    const tsdb::Result<EntryType> e = p->Next();
    if (!e.ok()) {
      FUZZ_CHECK(e.status().code() == tsdb::StatusCode::kInvalidArgument, "%s",
                 e.status().ToString().c_str());
      CheckPosition(page, p->error_position());
      return;
    }
    switch (*e) {
      case EntryType::kSeries: {
        FUZZ_CHECK(!p->Series().empty(), "empty series");
        (void)p->Value();
        (void)p->TimestampMs();
        p->Labels(&b);
        b.Sort();
        const tsdb::Labels ls = b.Build();
        (void)ls;
        break;
      }
      case EntryType::kType:
        (void)tsdb::scrape::MetricTypeName(p->Type());
        [[fallthrough]];
      case EntryType::kHelp:
      case EntryType::kUnit:
        (void)p->MetricName();
        (void)p->Text();
        break;
      case EntryType::kComment:
        FUZZ_CHECK(!p->Text().empty() && p->Text()[0] == '#', "comment without #");
        break;
      case EntryType::kEof:
        return;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view page(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 2) != 0) {
    const size_t nl = std::min(page.find('\n'), page.size());
    const std::string_view content_type = page.substr(0, nl);
    page.remove_prefix(std::min(nl + 1, page.size()));
    Walk(page, content_type);
  } else {
    Walk(page, (data[0] & 1) != 0 ? "application/openmetrics-text; version=1.0.0" : "text/plain");
  }
  return 0;
}
