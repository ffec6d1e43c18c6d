// MarshalMeta: the bytes of Go's json.MarshalIndent(meta, "", "\t") for a
// BlockMeta, written by hand so every byte is under our control.
#include <string>

#include "engine/block/meta.h"

namespace tsdb::block {
namespace {

// Length of the valid UTF-8 sequence at s[i] (Go's utf8.DecodeRune rules:
// no overlongs, no surrogates, nothing past U+10FFFF), or 0 if invalid.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

// encoding/json's string encoder with HTML escaping on (Marshal's default),
// as in the Go releases 2.42 was built with: \b and \f come out as \u0008
// and \u000c, invalid UTF-8 as \ufffd, U+2028/U+2029 escaped.
void AppendJsonString(std::string* out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': *out += "\\\""; break;
        case '\\': *out += "\\\\"; break;
        case '\n': *out += "\\n"; break;
        case '\r': *out += "\\r"; break;
        case '\t': *out += "\\t"; break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            *out += "\\u00";
            out->push_back(kHex[c >> 4]);
            out->push_back(kHex[c & 0xF]);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      i++;
      continue;
    }
    const size_t n = Utf8Length(s, i);
    if (n == 0) {
      *out += "\\ufffd";
      i++;
      continue;
    }
    const std::string_view rune = s.substr(i, n);
    if (rune == "\xE2\x80\xA8") {
      *out += "\\u2028";
    } else if (rune == "\xE2\x80\xA9") {
      *out += "\\u2029";
    } else {
      *out += rune;
    }
    i += n;
  }
  out->push_back('"');
}

// Writes `"key": ` at the given depth, preceded by the separator.
class ObjectWriter {
 public:
  ObjectWriter(std::string* out, int depth) : out_(out), depth_(depth) { out_->push_back('{'); }

  void Key(std::string_view key) {
    if (!first_) out_->push_back(',');
    first_ = false;
    Newline(depth_ + 1);
    AppendJsonString(out_, key);
    *out_ += ": ";
  }
  void Int(std::string_view key, int64_t v) {
    Key(key);
    *out_ += std::to_string(v);
  }
  void Uint(std::string_view key, uint64_t v) {
    Key(key);
    *out_ += std::to_string(v);
  }
  void Bool(std::string_view key, bool v) {
    Key(key);
    *out_ += v ? "true" : "false";
  }
  void Str(std::string_view key, std::string_view v) {
    Key(key);
    AppendJsonString(out_, v);
  }

  // An array of already-rendered items (each written by `item(i)`).
  template <typename F>
  void Array(std::string_view key, size_t n, F&& item) {
    Key(key);
    out_->push_back('[');
    for (size_t i = 0; i < n; i++) {
      if (i > 0) out_->push_back(',');
      Newline(depth_ + 2);
      item(i, depth_ + 2);
    }
    if (n > 0) Newline(depth_ + 1);
    out_->push_back(']');
  }

  void Close() {
    // An empty object stays "{}", as json.Indent leaves it.
    if (!first_) Newline(depth_);
    out_->push_back('}');
  }

  std::string* out() const { return out_; }
  int depth() const { return depth_; }

 private:
  void Newline(int depth) {
    out_->push_back('\n');
    out_->append(static_cast<size_t>(depth), '\t');
  }

  std::string* out_;
  int depth_;
  bool first_ = true;
};

void WriteStats(ObjectWriter* w, const BlockStats& s) {
  w->Key("stats");
  ObjectWriter o(w->out(), w->depth() + 1);
  if (s.num_samples != 0) o.Uint("numSamples", s.num_samples);
  if (s.num_series != 0) o.Uint("numSeries", s.num_series);
  if (s.num_chunks != 0) o.Uint("numChunks", s.num_chunks);
  if (s.num_tombstones != 0) o.Uint("numTombstones", s.num_tombstones);
  o.Close();
}

void WriteCompaction(ObjectWriter* w, const BlockMetaCompaction& c) {
  w->Key("compaction");
  ObjectWriter o(w->out(), w->depth() + 1);
  std::string* out = w->out();
  o.Int("level", c.level);
  if (!c.sources.empty()) {
    o.Array("sources", c.sources.size(),
            [&](size_t i, int) { AppendJsonString(out, c.sources[i].ToString()); });
  }
  if (c.deletable) o.Bool("deletable", true);
  if (!c.parents.empty()) {
    o.Array("parents", c.parents.size(), [&](size_t i, int depth) {
      ObjectWriter p(out, depth);
      p.Str("ulid", c.parents[i].ulid.ToString());
      p.Int("minTime", c.parents[i].min_time);
      p.Int("maxTime", c.parents[i].max_time);
      p.Close();
    });
  }
  if (c.failed) o.Bool("failed", true);
  if (!c.hints.empty()) {
    o.Array("hints", c.hints.size(), [&](size_t i, int) { AppendJsonString(out, c.hints[i]); });
  }
  o.Close();
}

}  // namespace

std::string MarshalMeta(const BlockMeta& meta) {
  std::string out;
  out.reserve(512);
  ObjectWriter w(&out, 0);
  w.Str("ulid", meta.ulid.ToString());
  w.Int("minTime", meta.min_time);
  w.Int("maxTime", meta.max_time);
  // `omitempty` has no effect on a struct in Go: stats is always written,
  // as "{}" when every count is zero.
  WriteStats(&w, meta.stats);
  WriteCompaction(&w, meta.compaction);
  w.Int("version", meta.version);
  w.Close();
  return out;
}

}  // namespace tsdb::block
