// Everything the text format parser hands out for a page, written out as
// text: entries in order (series key, labels, value bits, timestamp; HELP,
// TYPE and comment texts) and how the page ended (the error's message and
// line:column). Two runs agree exactly when their dumps are equal, so the
// differential tests of the parser's one-pass path compare dumps of
// PromParsePaths::kFast against kTokensOnly, and a failure shows both.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/labels/labels.h"
#include "engine/scrape/textparse/prom_parser.h"

namespace tsdb::testing {

inline std::string DumpPromParse(std::string_view page, scrape::PromParsePaths paths) {
  scrape::PromParser parser(page, paths);
  LabelsBuilder b;
  std::string out;
  // Every entry consumes at least one byte, so this bounds a runaway loop.
  for (size_t guard = 0; guard <= page.size() + 1; guard++) {
    const Result<scrape::EntryType> e = parser.Next();
    if (!e.ok()) {
      const scrape::TextPosition at = parser.error_position();
      return out + "error " + e.status().message() + " @" + std::to_string(at.line) + ":" +
             std::to_string(at.column) + "\n";
    }
    switch (*e) {
      case scrape::EntryType::kEof:
        return out + "eof\n";
      case scrape::EntryType::kSeries: {
        out += "series " + std::string(parser.Series()) + " |";
        parser.Labels(&b);  // unsorted: the page's order is part of the result
        for (const Label& l : b.Build()) {
          out += std::string(l.name) + "=" + std::string(l.value) + "|";
        }
        const auto ts = parser.TimestampMs();
        out += " " + std::to_string(std::bit_cast<uint64_t>(parser.Value())) + " " +
               (ts ? std::to_string(*ts) : "-") + "\n";
        break;
      }
      case scrape::EntryType::kHelp:
        out += "help " + std::string(parser.MetricName()) + " " + std::string(parser.Text()) + "\n";
        break;
      case scrape::EntryType::kType:
        out += "type " + std::string(parser.MetricName()) + " " + std::string(parser.Text()) + " " +
               std::to_string(static_cast<int>(parser.Type())) + "\n";
        break;
      default:
        out += "comment " + std::string(parser.Text()) + "\n";
        break;
    }
  }
  return out + "parser did not finish\n";
}

}  // namespace tsdb::testing
