#include "engine/scrape/textparse/prom_parser.h"

#include <bit>
#include <cmath>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/text_util.h"

namespace tsdb::scrape {

Token PromParser::NextToken() {
  for (;;) {
    const Token t = lex_.Lex();
    if (t != Token::kWhitespace) return t;
  }
}

size_t PromParser::ErrorOffset(Token t) const {
  return (t == Token::kInvalid || t == Token::kEof) ? lex_.stop() : lex_.start();
}

Status PromParser::Fail(std::string message, size_t offset) {
  error_pos_ = PositionAt(page_, offset);
  return Status::InvalidArgument(std::move(message));
}

// 2.42's parseError: `expected equal, got "INVALID"`.
Status PromParser::Expected(std::string_view what, Token got) {
  return Expected(what, got, ErrorOffset(got));
}

Status PromParser::Expected(std::string_view what, Token got, size_t offset) {
  return Fail(std::string(what) + ", got \"" + TokenName(got) + "\"", offset);
}

// A raw newline is allowed inside quotes, so a quote that is never closed
// makes the lexer fail only where the page ends, possibly many lines on;
// the quote that opened the value is what the reader has to fix. Only the
// quoted rule starts an INVALID token at a '"' here, and it stops at the
// end of the page only when the page ended inside the quotes.
bool PromParser::QuoteLeftOpen(Token t) const {
  return t == Token::kInvalid && lex_.stop() == page_.size() && lex_.start() < page_.size() &&
         page_[lex_.start()] == '"';
}

// The token by token path, for what the one-pass readers did not take.
Result<EntryType> PromParser::TokenEntry() {
  for (;;) {
    start_ = lex_.pos();
    switch (const Token t = NextToken(); t) {
      case Token::kEof:
        return EntryType::kEof;
      case Token::kLinebreak:
        continue;  // blank lines are allowed
      case Token::kHelp:
      case Token::kType:
        return Metadata(t);
      case Token::kComment: {
        text_ = page_.substr(lex_.start(), lex_.pos() - lex_.start());
        const Token t2 = NextToken();
        if (t2 != Token::kLinebreak) return Expected("linebreak expected after comment", t2);
        return EntryType::kComment;
      }
      case Token::kMetricName:
        return Sample();
      default:
        return Fail(std::string("\"") + TokenName(t) + "\" is not a valid start token",
                    ErrorOffset(t));
    }
  }
}

MetricType PromParser::TypeWord(std::string_view text) {
  if (text == "counter") return MetricType::kCounter;
  if (text == "gauge") return MetricType::kGauge;
  if (text == "histogram") return MetricType::kHistogram;
  if (text == "summary") return MetricType::kSummary;
  if (text == "untyped") return MetricType::kUntyped;
  return MetricType::kUnknown;
}

size_t PromParser::SetHelp(std::string_view text) {
  if (const size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) return bad;
  text_ = text;
  if (text.find('\\') != std::string_view::npos) {
    help_unescaped_.clear();
    AppendUnescapedHelp(text, &help_unescaped_);
    text_ = help_unescaped_;
  }
  return std::string_view::npos;
}

Result<EntryType> PromParser::Metadata(Token kind) {
  const Token t = NextToken();
  if (t != Token::kMetricName) {
    return Expected(std::string("expected metric name after ") + TokenName(kind), t);
  }
  name_ = page_.substr(lex_.start(), lex_.pos() - lex_.start());
  if (const Token t2 = NextToken(); t2 != Token::kText) {
    return Fail(std::string("expected text in ") + TokenName(kind), ErrorOffset(t2));
  }
  // The token starts with the blank after the name (or whatever ended it),
  // which is dropped; further blanks stay part of the text.
  const size_t token_len = lex_.pos() - lex_.start();
  const size_t text_begin = lex_.start() + (token_len > 1 ? 1 : 0);
  const std::string_view text =
      token_len > 1 ? page_.substr(text_begin, lex_.pos() - text_begin) : std::string_view();
  if (kind == Token::kType) {
    type_ = TypeWord(text);
    if (type_ == MetricType::kUnknown) {
      return Fail("invalid metric type " + GoQuote(text), text_begin);
    }
    text_ = text;
  } else if (const size_t bad = SetHelp(text); bad != std::string_view::npos) {
    return Fail("help text is not a valid utf8 string", text_begin + bad);
  }
  if (const Token t3 = NextToken(); t3 != Token::kLinebreak) {
    return Expected("linebreak expected after metadata", t3);
  }
  return kind == Token::kHelp ? EntryType::kHelp : EntryType::kType;
}

Result<EntryType> PromParser::Sample() {
  name_end_ = lex_.pos();
  series_ = page_.substr(start_, name_end_ - start_);
  Token t = NextToken();
  if (t == Token::kBraceOpen) {
    TSDB_RETURN_IF_ERROR(LabelPairs());
    series_ = page_.substr(start_, lex_.pos() - start_);
    t = NextToken();
  }
  if (t != Token::kValue) return Expected("expected value after metric", t);
  const size_t value_at = lex_.start();
  Result<double> v = ParsePromFloat(page_.substr(value_at, lex_.pos() - value_at));
  if (!v.ok()) return Fail(v.status().message(), value_at);
  value_ = std::isnan(*v) ? std::bit_cast<double>(kNormalNaNBits) : *v;

  ts_.reset();
  switch (t = NextToken(); t) {
    case Token::kLinebreak:
      break;
    case Token::kTimestamp: {
      const size_t ts_at = lex_.start();
      Result<int64_t> ts = ParseGoInt64(page_.substr(ts_at, lex_.pos() - ts_at));
      if (!ts.ok()) return Fail(ts.status().message(), ts_at);
      ts_ = *ts;
      if (const Token t2 = NextToken(); t2 != Token::kLinebreak) {
        return Expected("expected next entry after timestamp", t2);
      }
      break;
    }
    default:
      return Expected("expected timestamp or new record", t);
  }
  return EntryType::kSeries;
}

// The label list after '{'. Commas between pairs are optional and one may
// trail, as in 2.42.
Status PromParser::LabelPairs() {
  Token t = NextToken();
  for (;;) {
    if (t == Token::kBraceClose) return Status();
    if (t != Token::kLabelName) return Expected("expected label name", t);
    const size_t name_begin = lex_.start();
    const size_t name_end = lex_.pos();
    if (t = NextToken(); t != Token::kEqual) return Expected("expected equal", t);
    if (t = NextToken(); t != Token::kLabelValue) {
      if (QuoteLeftOpen(t)) return Expected("expected label value", t, lex_.start());
      return Expected("expected label value", t);
    }
    const size_t quoted_at = lex_.start();
    const std::string_view quoted = page_.substr(quoted_at, lex_.pos() - quoted_at);
    if (const size_t bad = FindInvalidUtf8(quoted); bad != std::string_view::npos) {
      return Fail("invalid UTF-8 label value", quoted_at + bad);
    }
    label_offsets_.Add(name_begin, name_end, quoted_at + 1, lex_.pos() - 1);
    if (t = NextToken(); t == Token::kComma) t = NextToken();
  }
}

void PromParser::Labels(LabelsBuilder* b) const {
  // 2.42 takes the name from where the entry began, so blanks before it on
  // the line become part of __name__ (and then fail the scrape's validity
  // check).
  DecodeLabels(page_, start_, name_end_, label_offsets_.words(), &value_scratch_, b);
}

TextPosition PromParser::SeriesPosition() const { return PositionAt(page_, start_); }

}  // namespace tsdb::scrape
