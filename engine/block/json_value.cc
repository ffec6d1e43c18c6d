#include "engine/block/json_value.h"

#include <cstdio>

#include "engine/base/utf8.h"

namespace tsdb::block {

JsonValue::~JsonValue() = default;

namespace {

// Deep enough for any meta.json, shallow enough to never exhaust the stack.
constexpr int kMaxDepth = 512;

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<JsonValue> Document() {
    JsonValue v;
    SkipSpace();
    if (!Value(&v, 0)) return Fail();
    SkipSpace();
    if (pos_ != s_.size()) {
      Error(pos_, "invalid character " + Quoted(s_[pos_]) + " after top-level value");
      return Fail();
    }
    return v;
  }

 private:
  static std::string Quoted(char c) {
    if (c == '\'') return "'\\''";
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "'\\x%02x'", static_cast<unsigned char>(c));
      return buf;
    }
    return std::string("'") + c + "'";
  }

  Status Fail() const {
    return Status::InvalidArgument("offset " + std::to_string(err_at_) + ": " + err_);
  }
  bool Error(size_t at, std::string what) {
    if (err_.empty()) {
      err_at_ = at;
      err_ = std::move(what);
    }
    return false;
  }
  bool Unexpected() {
    if (pos_ >= s_.size()) return Error(pos_, "unexpected end of JSON input");
    return Error(pos_, "invalid character " + Quoted(s_[pos_]));
  }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      pos_++;
    }
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      pos_++;
      return true;
    }
    return false;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return Unexpected();
    pos_ += word.size();
    return true;
  }

  bool Value(JsonValue* v, int depth) {
    if (depth > kMaxDepth) return Error(pos_, "exceeded max depth");
    SkipSpace();
    v->offset = pos_;
    if (pos_ >= s_.size()) return Unexpected();
    switch (s_[pos_]) {
      case '{': return Object(v, depth);
      case '[': return Array(v, depth);
      case '"': v->kind = JsonValue::Kind::kString; return String(&v->text);
      case 't': v->kind = JsonValue::Kind::kBool; v->boolean = true; return Literal("true");
      case 'f': v->kind = JsonValue::Kind::kBool; return Literal("false");
      case 'n': v->kind = JsonValue::Kind::kNull; return Literal("null");
      default: return Number(v);
    }
  }

  bool Object(JsonValue* v, int depth) {
    v->kind = JsonValue::Kind::kObject;
    pos_++;  // '{'
    if (Consume('}')) return true;
    for (;;) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Unexpected();
      std::string key;
      if (!String(&key)) return false;
      if (!Consume(':')) return Unexpected();
      JsonValue member;
      if (!Value(&member, depth + 1)) return false;
      v->members.emplace_back(std::move(key), std::move(member));
      if (Consume('}')) return true;
      if (!Consume(',')) return Unexpected();
    }
  }

  bool Array(JsonValue* v, int depth) {
    v->kind = JsonValue::Kind::kArray;
    pos_++;  // '['
    if (Consume(']')) return true;
    for (;;) {
      JsonValue item;
      if (!Value(&item, depth + 1)) return false;
      v->items.push_back(std::move(item));
      if (Consume(']')) return true;
      if (!Consume(',')) return Unexpected();
    }
  }

  // JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool Number(JsonValue* v) {
    v->kind = JsonValue::Kind::kNumber;
    const size_t start = pos_;
    auto digit = [&] { return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9'; };
    if (pos_ < s_.size() && s_[pos_] == '-') pos_++;
    if (!digit()) return Unexpected();
    if (s_[pos_] == '0') {
      pos_++;
    } else {
      while (digit()) pos_++;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      pos_++;
      if (!digit()) return Unexpected();
      while (digit()) pos_++;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      pos_++;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) pos_++;
      if (!digit()) return Unexpected();
      while (digit()) pos_++;
    }
    v->text = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  bool Hex4(uint32_t* out) {
    if (s_.size() - pos_ < 4) return Error(s_.size(), "unexpected end of JSON input");
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
      const char c = s_[pos_];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return Error(pos_, "invalid character " + Quoted(c) + " in \\u hexadecimal character escape");
      pos_++;
    }
    *out = v;
    return true;
  }

  static void AppendUtf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool Escape(std::string* out) {
    if (pos_ >= s_.size()) return Unexpected();
    const char c = s_[pos_++];
    switch (c) {
      case '"': case '\\': case '/': out->push_back(c); return true;
      case 'b': out->push_back('\b'); return true;
      case 'f': out->push_back('\f'); return true;
      case 'n': out->push_back('\n'); return true;
      case 'r': out->push_back('\r'); return true;
      case 't': out->push_back('\t'); return true;
      case 'u': break;
      default: return Error(pos_ - 1, "invalid character " + Quoted(c) + " in string escape code");
    }
    uint32_t cp = 0;
    if (!Hex4(&cp)) return false;
    // A surrogate pair encodes one code point; a lone surrogate becomes U+FFFD.
    if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
      const size_t save = pos_;
      pos_ += 2;
      uint32_t lo = 0;
      if (!Hex4(&lo)) return false;
      if (lo >= 0xDC00 && lo < 0xE000) {
        AppendUtf8(out, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
        return true;
      }
      pos_ = save;
    }
    AppendUtf8(out, cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp);
    return true;
  }

  bool String(std::string* out) {
    pos_++;  // opening quote
    for (;;) {
      if (pos_ >= s_.size()) return Unexpected();
      const char c = s_[pos_];
      if (c == '"') {
        pos_++;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return Error(pos_, "invalid character " + Quoted(c) + " in string literal");
      }
      if (c == '\\') {
        pos_++;
        if (!Escape(out)) return false;
      } else if (static_cast<unsigned char>(c) < 0x80) {
        out->push_back(c);
        pos_++;
      } else if (const size_t n = Utf8SequenceLength(s_, pos_); n > 0) {
        out->append(s_.substr(pos_, n));
        pos_ += n;
      } else {
        // encoding/json turns every byte that is not valid UTF-8 into U+FFFD.
        AppendUtf8(out, 0xFFFD);
        pos_++;
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t err_at_ = 0;
  std::string err_;
};

}  // namespace

const char* JsonValue::GoKindName() const {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "bool";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kArray: return "array";
    case Kind::kObject: return "object";
  }
  return "value";
}

Result<JsonValue> ParseJson(std::string_view text) { return Parser(text).Document(); }

}  // namespace tsdb::block
