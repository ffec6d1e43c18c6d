// The Prometheus text format (0.0.4) parser with 2.42's promparse rules and
// error messages. See FORMAT.md for the grammar and its surprises.
//
// Error positions: the first byte of the token the parser rejected; for an
// INVALID token the byte the lexer could not take, for an unexpected end the
// end of the page; for a bad value or timestamp the first byte of that
// token; for invalid UTF-8 the first offending byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scrape/textparse/parser.h"
#include "engine/scrape/textparse/prom_lexer.h"

namespace tsdb::scrape {

class PromParser final : public Parser {
 public:
  explicit PromParser(std::string_view page) : page_(page), lex_(page) {}

  Result<EntryType> Next() override;
  TextPosition error_position() const override { return error_pos_; }

  std::string_view Series() const override { return series_; }
  double Value() const override { return value_; }
  std::optional<int64_t> TimestampMs() const override { return ts_; }
  void Labels(LabelsBuilder* b) const override;

  std::string_view MetricName() const override { return name_; }
  std::string_view Text() const override { return text_; }
  MetricType Type() const override { return type_; }

 private:
  Token NextToken();  // skips WHITESPACE
  size_t ErrorOffset(Token t) const;
  Status Fail(std::string message, size_t offset);
  Status Expected(std::string_view what, Token got);
  Result<EntryType> Metadata(Token kind);
  Result<EntryType> Sample();
  bool PlainSample();
  Status LabelPairs();

  std::string_view page_;
  PromLexer lex_;
  TextPosition error_pos_;

  size_t start_ = 0;     // where the current entry began (blanks included)
  size_t name_end_ = 0;  // end of the metric name of the current sample
  std::string_view series_;
  double value_ = 0;
  std::optional<int64_t> ts_;
  // Per label: name begin, name end, value begin, value end (page offsets,
  // the value without its quotes, still escaped).
  std::vector<size_t> label_offsets_;

  std::string_view name_;
  std::string_view text_;
  std::string help_unescaped_;
  MetricType type_ = MetricType::kUnknown;
  mutable std::string value_scratch_;
};

}  // namespace tsdb::scrape
