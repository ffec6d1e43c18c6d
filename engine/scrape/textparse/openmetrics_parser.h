// The OpenMetrics 1.0 parser with 2.42's openmetricsparse rules and error
// messages: HELP, TYPE and UNIT metadata, a required `# EOF` line at the
// end, timestamps in (float) seconds, and exemplars after ` # `, which are
// validated and then ignored. See FORMAT.md.
//
// Error positions follow the text format parser's rules (prom_parser.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scrape/textparse/openmetrics_lexer.h"
#include "engine/scrape/textparse/parser.h"

namespace tsdb::scrape {

class OpenMetricsParser final : public Parser {
 public:
  explicit OpenMetricsParser(std::string_view page) : page_(page), lex_(page) {}

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

 private:
  size_t ErrorOffset(Token t) const;
  Status Fail(std::string message, size_t offset);
  Status Expected(std::string_view what, Token got);
  Result<EntryType> Metadata(Token kind);
  Result<EntryType> Sample();
  Status Exemplar();
  Status LabelPairs(std::vector<size_t>* offsets);
  // A VALUE token's number (after its leading space).
  Result<double> FloatValue(Token t, std::string_view after);
  // A TIMESTAMP token's seconds as milliseconds, 2.42's way.
  Result<int64_t> Timestamp(const char* invalid_message);

  std::string_view page_;
  OpenMetricsLexer lex_;
  TextPosition error_pos_;

  size_t start_ = 0;
  size_t name_end_ = 0;
  std::string_view series_;
  double value_ = 0;
  std::optional<int64_t> ts_;
  std::vector<size_t> label_offsets_;     // as in PromParser
  std::vector<size_t> exemplar_offsets_;  // checked, then unused

  std::string_view name_;
  std::string_view text_;
  std::string text_unescaped_;
  MetricType type_ = MetricType::kUnknown;
  mutable std::string value_scratch_;
};

}  // namespace tsdb::scrape
