#include "engine/labels/selector_lexer.h"

#include <cstdint>
#include <cstdio>

#include "engine/labels/go_quote.h"

namespace tsdb::selector {

namespace {

constexpr uint32_t kRuneError = 0xFFFD;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsAlpha(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Go's utf8.DecodeRuneInString: an invalid byte is (U+FFFD, 1).
uint32_t DecodeRune(std::string_view s, size_t i, size_t* width) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  *width = 1;
  const unsigned char c = b(0);
  if (c < 0x80) return c;
  size_t n = 0;
  uint32_t r = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, r = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, r = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, r = c & 0x07u;
  } else {
    return kRuneError;
  }
  if (i + n > s.size()) return kRuneError;
  for (size_t k = 1; k < n; k++) {
    if ((b(k) & 0xC0) != 0x80) return kRuneError;
    r = (r << 6) | (b(k) & 0x3Fu);
  }
  const bool overlong = (n == 3 && r < 0x800) || (n == 4 && r < 0x10000);
  if (overlong || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000)) return kRuneError;
  *width = n;
  return r;
}

void AppendUtf8(uint32_t r, std::string* out) {
  if (r < 0x80) {
    out->push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (r >> 6)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (r >> 12)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (r >> 18)));
    out->push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

// Go's %q of a rune: 'x', '\n', '\x01', '\u00a0'.
std::string QuoteRune(uint32_t r) {
  std::string out = "'";
  char buf[16];
  switch (r) {
    case '\a': out += "\\a"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\v': out += "\\v"; break;
    case '\\': out += "\\\\"; break;
    case '\'': out += "\\'"; break;
    default:
      if (GoIsPrint(r)) {
        AppendUtf8(r, &out);
      } else if (r < 0x80) {
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(r));
        out += buf;
      } else {
        std::snprintf(buf, sizeof buf, r < 0x10000 ? "\\u%04x" : "\\U%08x", static_cast<unsigned>(r));
        out += buf;
      }
  }
  out += "'";
  return out;
}

// Go's %#U: U+0071 'q' (the quoted form only for printable runes).
std::string UnicodeForm(uint32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(r));
  std::string out = buf;
  if (GoIsPrint(r)) {
    out += ' ';
    out += QuoteRune(r);
  }
  return out;
}

int DigitVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 16;
}

bool IsKeyword(std::string_view word) {
  static constexpr std::string_view kKeywords[] = {
      "and", "or", "unless", "atan2", "sum", "avg", "count", "min", "max", "group",
      "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile", "offset", "by",
      "without", "on", "ignoring", "group_left", "group_right", "bool", "start", "end",
      "inf", "nan"};
  std::string lower(word);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::string_view k : kKeywords) {
    if (lower == k) return true;
  }
  return false;
}

}  // namespace

Token Lexer::Make(TokenType type, size_t start) const {
  return Token{type, std::string(in_.substr(start, pos_ - start)), start};
}

Token Lexer::Error(std::string message, size_t start) const {
  return Token{TokenType::kError, std::move(message), start};
}

void Lexer::SkipSpaceAndComments() {
  while (!AtEnd()) {
    if (IsSpace(Peek())) {
      pos_++;
    } else if (Peek() == '#') {
      while (!AtEnd() && Peek() != '\n' && Peek() != '\r') pos_++;
    } else {
      return;
    }
  }
}

Token Lexer::Next() {
  SkipSpaceAndComments();
  return in_braces_ ? LexInsideBraces() : LexStatement();
}

Token Lexer::LexStatement() {
  const size_t start = pos_;
  if (AtEnd()) return Make(TokenType::kEof, start);
  const char c = Peek();
  if (IsAlpha(c) || c == ':') return LexWord(true);
  if (c == '{') {
    pos_++;
    in_braces_ = true;
    return Make(TokenType::kLeftBrace, start);
  }
  if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) {
    while (!AtEnd() && (IsDigit(Peek()) || Peek() == '.')) pos_++;
    return Make(TokenType::kNumber, start);
  }
  // Tokens of the full PromQL grammar that a selector cannot contain: the
  // parser rejects them by name.
  static constexpr std::string_view kPromqlTokenStarts = ",*/%+-^=<>!()[]@.\"'`";
  if (kPromqlTokenStarts.find(c) != std::string_view::npos) {
    pos_++;
    return Make(TokenType::kOther, start);
  }
  size_t w = 0;
  const uint32_t r = DecodeRune(in_, pos_, &w);
  return Error("unexpected character: " + QuoteRune(r), start);
}

Token Lexer::LexWord(bool allow_colon) {
  const size_t start = pos_;
  while (!AtEnd() && (IsAlpha(Peek()) || IsDigit(Peek()) || (allow_colon && Peek() == ':'))) pos_++;
  Token t = Make(TokenType::kLabelName, start);
  if (!allow_colon) return t;
  if (IsKeyword(t.text)) {
    t.type = TokenType::kKeyword;
  } else {
    t.type = t.text.find(':') == std::string::npos ? TokenType::kIdentifier : TokenType::kMetricIdentifier;
  }
  return t;
}

Token Lexer::LexInsideBraces() {
  const size_t start = pos_;
  if (AtEnd()) return Error("unexpected end of input inside braces", start);
  const char c = Peek();
  if (IsAlpha(c)) return LexWord(false);
  if (c == '"' || c == '\'') return LexString(c);
  if (c == '`') return LexRawString();
  pos_++;
  switch (c) {
    case ',': return Make(TokenType::kComma, start);
    case '}':
      in_braces_ = false;
      return Make(TokenType::kRightBrace, start);
    case '{': return Error("unexpected left brace '{'", start);
    case '=':
      if (Peek() == '~') {
        pos_++;
        return Make(TokenType::kRegexMatch, start);
      }
      return Make(TokenType::kEqual, start);
    case '!': {
      const char n = Peek();
      if (n == '~' || n == '=') {
        pos_++;
        return Make(n == '~' ? TokenType::kRegexNoMatch : TokenType::kNotEqual, start);
      }
      size_t w = 0;
      if (AtEnd()) return Error("unexpected character after '!' inside braces: " + QuoteRune(kRuneError), start);
      return Error("unexpected character after '!' inside braces: " + QuoteRune(DecodeRune(in_, pos_, &w)),
                   start);
    }
    default: {
      pos_--;
      size_t w = 0;
      return Error("unexpected character inside braces: " + QuoteRune(DecodeRune(in_, pos_, &w)), start);
    }
  }
}

std::string Lexer::CheckEscape(char quote) {
  if (AtEnd()) return "escape sequence not terminated";
  size_t w = 0;
  const uint32_t ch = DecodeRune(in_, pos_, &w);
  pos_ += w;
  int n = 0;
  uint32_t base = 0, max = 0;
  switch (ch) {
    case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\':
      return {};
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
      n = 3, base = 8, max = 255;
      pos_--;  // the first digit is part of the value
      break;
    case 'x': n = 2, base = 16, max = 255; break;
    case 'u': n = 4, base = 16, max = 0x10FFFF; break;
    case 'U': n = 8, base = 16, max = 0x10FFFF; break;
    default:
      if (ch == static_cast<unsigned char>(quote)) return {};
      return "unknown escape sequence " + UnicodeForm(ch);
  }
  uint32_t x = 0;
  for (; n > 0; n--) {
    if (AtEnd()) return "escape sequence not terminated";
    const uint32_t d = static_cast<uint32_t>(DigitVal(Peek()));
    if (d >= base) {
      const uint32_t bad = DecodeRune(in_, pos_, &w);
      return "illegal character " + UnicodeForm(bad) + " in escape sequence";
    }
    x = x * base + d;
    pos_++;
  }
  if (x > max || (x >= 0xD800 && x < 0xE000)) return "escape sequence is an invalid Unicode code point";
  return {};
}

Token Lexer::LexString(char quote) {
  const size_t start = pos_++;
  for (;;) {
    if (AtEnd()) return Error("unterminated quoted string", start);
    size_t w = 0;
    const uint32_t r = DecodeRune(in_, pos_, &w);
    pos_ += w;
    if (r == '\\') {
      std::string err = CheckEscape(quote);
      if (!err.empty()) return Error(std::move(err), start);
    } else if (r == kRuneError) {
      // 2.42 rejects invalid UTF-8, and a literal U+FFFD with it.
      return Error("invalid UTF-8 rune", start);
    } else if (r == '\n') {
      return Error("unterminated quoted string", start);
    } else if (r == static_cast<unsigned char>(quote)) {
      return Make(TokenType::kString, start);
    }
  }
}

Token Lexer::LexRawString() {
  const size_t start = pos_++;
  for (;;) {
    if (AtEnd()) return Error("unterminated raw string", start);
    size_t w = 0;
    const uint32_t r = DecodeRune(in_, pos_, &w);
    pos_ += w;
    if (r == kRuneError) return Error("invalid UTF-8 rune", start);
    if (r == '`') return Make(TokenType::kString, start);
  }
}

bool Unquote(std::string_view lit, std::string* out) {
  out->clear();
  if (lit.size() < 2 || lit.front() != lit.back()) return false;
  const char quote = lit.front();
  const std::string_view s = lit.substr(1, lit.size() - 2);
  if (quote == '`') {
    out->assign(s);
    return true;
  }
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '\\') {
      out->push_back(s[i++]);
      continue;
    }
    if (++i >= s.size()) return false;
    const char e = s[i++];
    switch (e) {
      case 'a': out->push_back('\a'); continue;
      case 'b': out->push_back('\b'); continue;
      case 'f': out->push_back('\f'); continue;
      case 'n': out->push_back('\n'); continue;
      case 'r': out->push_back('\r'); continue;
      case 't': out->push_back('\t'); continue;
      case 'v': out->push_back('\v'); continue;
      case '\\': case '\'': case '"': out->push_back(e); continue;
      default: break;
    }
    // Octal and \x give one byte; \u and \U a code point in UTF-8.
    int n = 0, base = 16;
    if (e >= '0' && e <= '7') {
      n = 2, base = 8;
    } else if (e == 'x') {
      n = 2;
    } else if (e == 'u') {
      n = 4;
    } else if (e == 'U') {
      n = 8;
    } else {
      return false;
    }
    uint32_t x = base == 8 ? static_cast<uint32_t>(e - '0') : 0;
    for (; n > 0; n--, i++) {
      if (i >= s.size() || DigitVal(s[i]) >= base) return false;
      x = x * static_cast<uint32_t>(base) + static_cast<uint32_t>(DigitVal(s[i]));
    }
    if (e == 'u' || e == 'U') {
      AppendUtf8(x, out);
    } else {
      out->push_back(static_cast<char>(x));
    }
  }
  return true;
}

std::string Describe(const Token& t) {
  switch (t.type) {
    case TokenType::kEof: return "end of input";
    case TokenType::kError: return t.text;
    case TokenType::kIdentifier:
    case TokenType::kMetricIdentifier:
    case TokenType::kLabelName: {
      std::string out = "identifier ";
      AppendGoQuoted(t.text, &out);
      return out;
    }
    case TokenType::kKeyword: {
      // The lexer turns inf and nan into numbers; other keywords print bare.
      std::string lower = t.text;
      for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (lower == "inf" || lower == "nan") return "number \"" + t.text + "\"";
      return "<" + t.text + ">";
    }
    case TokenType::kNumber: return "number \"" + t.text + "\"";
    case TokenType::kString: {
      std::string out = "string ";
      AppendGoQuoted(t.text, &out);
      return out;
    }
    default: {
      std::string out;
      AppendGoQuoted(t.text, &out);
      return out;
    }
  }
}

}  // namespace tsdb::selector
