// Runs an exposition parser over a whole page and collects what it saw, so
// tests can compare pages in one assertion.
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/labels/labels.h"
#include "engine/scrape/textparse/parser.h"

namespace tsdb::testing {

struct ParsedSample {
  std::string series;  // Series(), the raw cache key
  Labels labels;       // sorted
  uint64_t value_bits = 0;
  std::optional<int64_t> ts;
};

struct ParsedMeta {
  scrape::EntryType kind;
  std::string name;
  std::string text;
  scrape::MetricType type = scrape::MetricType::kUnknown;
};

struct ParsedPage {
  std::vector<ParsedSample> samples;
  std::vector<ParsedMeta> meta;  // HELP, TYPE, UNIT in page order
  std::vector<std::string> comments;
  bool ok = false;
  std::string error;  // the message when !ok
  scrape::TextPosition position;
};

inline ParsedPage ParsePage(std::string_view page, std::string_view content_type = "") {
  ParsedPage out;
  auto parser = scrape::NewParser(page, content_type);
  LabelsBuilder b;
  // Every entry consumes at least one byte, so this bounds a runaway loop.
  for (size_t guard = 0; guard <= page.size() + 1; guard++) {
    auto e = parser->Next();
    if (!e.ok()) {
      out.error = e.status().message();
      out.position = parser->error_position();
      return out;
    }
    switch (*e) {
      case scrape::EntryType::kEof:
        out.ok = true;
        return out;
      case scrape::EntryType::kSeries: {
        parser->Labels(&b);
        b.Sort();
        out.samples.push_back({std::string(parser->Series()), b.Build(),
                               std::bit_cast<uint64_t>(parser->Value()), parser->TimestampMs()});
        break;
      }
      case scrape::EntryType::kComment:
        out.comments.emplace_back(parser->Text());
        break;
      case scrape::EntryType::kType:
        out.meta.push_back(
            {*e, std::string(parser->MetricName()), std::string(parser->Text()), parser->Type()});
        break;
      default:
        out.meta.push_back({*e, std::string(parser->MetricName()), std::string(parser->Text())});
        break;
    }
  }
  out.error = "parser did not finish";
  return out;
}

inline constexpr std::string_view kOpenMetricsType =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

}  // namespace tsdb::testing
