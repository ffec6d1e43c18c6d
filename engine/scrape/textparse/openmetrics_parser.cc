#include "engine/scrape/textparse/openmetrics_parser.h"

#include <bit>
#include <cmath>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/text_util.h"

namespace tsdb::scrape {
namespace {

constexpr const char* kNoEof = "data does not end with # EOF";

struct TypeWord {
  std::string_view word;
  MetricType type;
};
constexpr TypeWord kTypes[] = {
    {"counter", MetricType::kCounter},     {"gauge", MetricType::kGauge},
    {"histogram", MetricType::kHistogram}, {"gaugehistogram", MetricType::kGaugeHistogram},
    {"summary", MetricType::kSummary},     {"info", MetricType::kInfo},
    {"stateset", MetricType::kStateset},   {"unknown", MetricType::kUnknown},
};

}  // namespace

size_t OpenMetricsParser::ErrorOffset(Token t) const {
  if (t == Token::kInvalid || t == Token::kEof) return lex_.stop();
  // These tokens begin with the space that separates them: point past it.
  if (t == Token::kValue || t == Token::kTimestamp) return lex_.start() + 1;
  return lex_.start();
}

Status OpenMetricsParser::Fail(std::string message, size_t offset) {
  error_pos_ = PositionAt(page_, offset);
  return Status::InvalidArgument(std::move(message));
}

Status OpenMetricsParser::Expected(std::string_view what, Token got) {
  return Fail(std::string(what) + ", got \"" + TokenName(got) + "\"", ErrorOffset(got));
}

Result<EntryType> OpenMetricsParser::Next() {
  start_ = lex_.pos();
  label_offsets_.clear();
  exemplar_offsets_.clear();
  switch (const Token t = lex_.Lex(); t) {
    case Token::kEofWord:
      if (const Token t2 = lex_.Lex(); t2 != Token::kEof) {
        return Fail("unexpected data after # EOF", ErrorOffset(t2));
      }
      return EntryType::kEof;
    case Token::kEof:
      return Fail(kNoEof, lex_.stop());
    case Token::kHelp:
    case Token::kType:
    case Token::kUnit:
      return Metadata(t);
    case Token::kMetricName:
      return Sample();
    default:
      return Fail(std::string("\"") + TokenName(t) + "\" " + GoQuoteByteAsRune(lex_.cur()) +
                      " is not a valid start token",
                  ErrorOffset(t));
  }
}

Result<EntryType> OpenMetricsParser::Metadata(Token kind) {
  if (const Token t = lex_.Lex(); t != Token::kMetricName) {
    return Expected(std::string("expected metric name after ") + TokenName(kind), t);
  }
  const size_t name_at = lex_.start();
  name_ = page_.substr(name_at, lex_.pos() - name_at);
  if (const Token t = lex_.Lex(); t != Token::kText) {
    return Fail(std::string("expected text in ") + TokenName(kind), ErrorOffset(t));
  }
  // The token is ` text\n`: both ends are dropped.
  const size_t text_at = lex_.start() + 1;
  text_ = page_.substr(text_at, lex_.pos() - 1 - text_at);
  switch (kind) {
    case Token::kType:
      for (const TypeWord& tw : kTypes) {
        if (text_ == tw.word) {
          type_ = tw.type;
          return EntryType::kType;
        }
      }
      return Fail("invalid metric type " + GoQuote(text_), text_at);
    case Token::kHelp:
      if (const size_t bad = FindInvalidUtf8(text_); bad != std::string_view::npos) {
        return Fail("help text is not a valid utf8 string", text_at + bad);
      }
      // OpenMetrics HELP uses the label value escapes, `\"` included.
      if (text_.find('\\') != std::string_view::npos) {
        text_unescaped_.clear();
        AppendUnescapedLabelValue(text_, &text_unescaped_);
        text_ = text_unescaped_;
      }
      return EntryType::kHelp;
    default: {
      // A unit must be the metric name's last `_`-separated part.
      const std::string_view u = text_;
      if (!u.empty() && (name_.size() < u.size() + 1 || !name_.ends_with(u) ||
                         name_[name_.size() - u.size() - 1] != '_')) {
        return Fail("unit not a suffix of metric " + GoQuote(name_), text_at);
      }
      return EntryType::kUnit;
    }
  }
}

Result<EntryType> OpenMetricsParser::Sample() {
  name_end_ = lex_.pos();
  series_ = page_.substr(start_, name_end_ - start_);
  Token t = lex_.Lex();
  if (t == Token::kBraceOpen) {
    TSDB_RETURN_IF_ERROR(LabelPairs(&label_offsets_));
    series_ = page_.substr(start_, lex_.pos() - start_);
    t = lex_.Lex();
  }
  TSDB_ASSIGN_OR_RETURN(value_, FloatValue(t, "metric"));

  ts_.reset();
  switch (t = lex_.Lex(); t) {
    case Token::kEof:
      return Fail(kNoEof, lex_.stop());
    case Token::kLinebreak:
      break;
    case Token::kComment:
      TSDB_RETURN_IF_ERROR(Exemplar());
      break;
    case Token::kTimestamp: {
      TSDB_ASSIGN_OR_RETURN(ts_, Timestamp("invalid timestamp"));
      switch (const Token t2 = lex_.Lex(); t2) {
        case Token::kLinebreak:
          break;
        case Token::kComment:
          TSDB_RETURN_IF_ERROR(Exemplar());
          break;
        default:
          return Expected("expected next entry after timestamp", t2);
      }
      break;
    }
    default:
      return Expected("expected timestamp or # symbol", t);
  }
  return EntryType::kSeries;
}

// ` # {labels} value [timestamp]` after a sample; the lexer has read ` # {`.
Status OpenMetricsParser::Exemplar() {
  const std::string_view name = page_.substr(start_, name_end_ - start_);
  if (!name.ends_with("_total") && !name.ends_with("_bucket")) {
    return Fail("metric name " + std::string(name) + " does not support exemplars",
                lex_.start() + 1);
  }
  TSDB_RETURN_IF_ERROR(LabelPairs(&exemplar_offsets_));
  TSDB_RETURN_IF_ERROR(FloatValue(lex_.Lex(), "exemplar labels").status());
  switch (const Token t = lex_.Lex(); t) {
    case Token::kEof:
      return Fail(kNoEof, lex_.stop());
    case Token::kLinebreak:
      return Status();
    case Token::kTimestamp: {
      TSDB_RETURN_IF_ERROR(Timestamp("invalid exemplar timestamp").status());
      if (const Token t2 = lex_.Lex(); t2 != Token::kLinebreak) {
        return Expected("expected next entry after exemplar timestamp", t2);
      }
      return Status();
    }
    default:
      return Expected("expected timestamp or comment", t);
  }
}

// The label list after '{': no trailing comma, commas required between
// pairs, `{}` allowed.
Status OpenMetricsParser::LabelPairs(std::vector<size_t>* offsets) {
  for (bool first = true;; first = false) {
    Token t = lex_.Lex();
    switch (t) {
      case Token::kBraceClose:
        return Status();
      case Token::kComma:
        if (first) return Expected("expected label name or left brace", t);
        if (t = lex_.Lex(); t != Token::kLabelName) return Expected("expected label name", t);
        break;
      case Token::kLabelName:
        if (!first) return Expected("expected comma", t);
        break;
      default:
        return Expected(
            first ? "expected label name or left brace" : "expected comma or left brace", t);
    }
    offsets->push_back(lex_.start());
    offsets->push_back(lex_.pos());
    if (t = lex_.Lex(); t != Token::kEqual) return Expected("expected equal", t);
    if (t = lex_.Lex(); t != Token::kLabelValue) return Expected("expected label value", t);
    const size_t quoted_at = lex_.start();
    const std::string_view quoted = page_.substr(quoted_at, lex_.pos() - quoted_at);
    if (const size_t bad = FindInvalidUtf8(quoted); bad != std::string_view::npos) {
      return Fail("invalid UTF-8 label value", quoted_at + bad);
    }
    offsets->push_back(quoted_at + 1);
    offsets->push_back(lex_.pos() - 1);
  }
}

Result<double> OpenMetricsParser::FloatValue(Token t, std::string_view after) {
  if (t != Token::kValue) return Expected("expected value after " + std::string(after), t);
  const size_t at = lex_.start() + 1;
  Result<double> v = ParsePromFloat(page_.substr(at, lex_.pos() - at));
  if (!v.ok()) return Fail(v.status().message(), at);
  // ParsePromFloat only returns the canonical NaN. (2.42's own NaN check
  // here looks at the wrong variable; harmless for the same reason.)
  return *v;
}

Result<int64_t> OpenMetricsParser::Timestamp(const char* invalid_message) {
  const size_t at = lex_.start() + 1;
  Result<double> s = ParsePromFloat(page_.substr(at, lex_.pos() - at));
  if (!s.ok()) return Fail(s.status().message(), at);
  if (std::isnan(*s) || std::isinf(*s)) return Fail(invalid_message, at);
  // A float multiply and a truncation: 1.001 s becomes 1000 ms.
  return GoFloat64ToInt64(*s * 1000);
}

void OpenMetricsParser::Labels(LabelsBuilder* b) const {
  DecodeLabels(page_, start_, name_end_, label_offsets_, &value_scratch_, b);
}

TextPosition OpenMetricsParser::SeriesPosition() const { return PositionAt(page_, start_); }

}  // namespace tsdb::scrape
