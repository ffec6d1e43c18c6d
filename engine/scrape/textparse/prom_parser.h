// The Prometheus text format (0.0.4) parser with 2.42's promparse rules and
// error messages. See FORMAT.md for the grammar and its surprises.
//
// Error positions: the first byte of the token the parser rejected; for an
// INVALID token the byte the lexer could not take, for an unexpected end the
// end of the page; for a label value whose quote the page never closed, that
// quote; for a bad value or timestamp the first byte of that token; for
// invalid UTF-8 the first offending byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/scrape/textparse/label_offsets.h"
#include "engine/scrape/textparse/parser.h"
#include "engine/scrape/textparse/prom_lexer.h"

namespace tsdb::scrape {

// kTokensOnly reads every line token by token, without the one-pass readers
// of common lines: the reference the differential tests hold them to.
enum class PromParsePaths { kFast, kTokensOnly };

class PromParser final : public Parser {
 public:
  explicit PromParser(std::string_view page, PromParsePaths paths = PromParsePaths::kFast)
      : page_(page), lex_(page) {
    if (paths == PromParsePaths::kTokensOnly) lex_.TurnOffLineReaders();
  }

  Result<EntryType> Next() override;
  TextPosition error_position() const override { return error_pos_; }

  std::string_view Series() const override { return series_; }
  double Value() const override { return value_; }
  std::optional<int64_t> TimestampMs() const override { return ts_; }
  void Labels(LabelsBuilder* b) const override;
  TextPosition SeriesPosition() const override;

  std::string_view MetricName() const override { return name_; }
  std::string_view Text() const override { return text_; }
  MetricType Type() const override { return type_; }

  // Lines the one-pass readers took whole so far (tests check they run).
  size_t lines_read_whole() const { return lines_read_whole_; }

 private:
  Token NextToken();  // skips WHITESPACE
  size_t ErrorOffset(Token t) const;
  Status Fail(std::string message, size_t offset);
  Status Expected(std::string_view what, Token got);
  Status Expected(std::string_view what, Token got, size_t offset);
  // True when got is the INVALID token of a label value whose quote the
  // page never closed (then the error points at that quote).
  bool QuoteLeftOpen(Token got) const;
  Result<EntryType> TokenEntry();
  Result<EntryType> Metadata(Token kind);
  // TYPE's word, or kUnknown (no text format type) for anything else.
  static MetricType TypeWord(std::string_view text);
  // Sets text_ to a HELP text, unescaped; npos, or the offset in it of the
  // first byte that is not UTF-8 (then text_ is unset).
  size_t SetHelp(std::string_view text);
  Result<EntryType> Sample();
  Status LabelPairs();
  // The one-pass readers: false, with nothing changed, for a line they do
  // not take whole.
  bool PlainSample();
  bool SlowValue(size_t begin, size_t end, double* v) const;
  bool Timestamp(size_t begin, size_t end, int64_t* ts) const;
  bool PlainMetadata(EntryType* entry);

  std::string_view page_;
  PromLexer lex_;
  size_t lines_read_whole_ = 0;
  TextPosition error_pos_;

  size_t start_ = 0;     // where the current entry began (blanks included)
  size_t name_end_ = 0;  // end of the metric name of the current sample
  std::string_view series_;
  double value_ = 0;
  std::optional<int64_t> ts_;
  LabelOffsets label_offsets_;

  std::string_view name_;
  std::string_view text_;
  std::string help_unescaped_;
  MetricType type_ = MetricType::kUnknown;
  mutable std::string value_scratch_;
};

}  // namespace tsdb::scrape
