// A strict reader of single text-exposition lines for tests of the page
// generators. It is independent of the engine's parser on purpose: it
// checks our targets, not the other way round. It accepts what 2.42's text
// parser accepts for the lines our targets write (no timestamps, no
// exemplars) and rejects the two kinds of broken line they inject.
#pragma once

#include <charconv>
#include <limits>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tsdb::testing {

struct ExpositionSample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;  // unescaped values
  std::string value_text;
  double value = 0;
  std::string key;  // the line up to the value: name{labels} as written
};

inline bool IsExpositionNameChar(char c, bool first, bool metric) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
  return first ? letter : letter || (c >= '0' && c <= '9');
}

// Parses a float the way Go's strconv.ParseFloat does for our outputs, and
// rejects anything 2.42 rejects (p, P, _ anywhere).
inline bool ParseExpositionValue(std::string_view t, double* v) {
  if (t.empty() || t.find_first_of("pP_") != std::string_view::npos) return false;
  if (t == "+Inf" || t == "Inf") {
    *v = std::numeric_limits<double>::infinity();
    return true;
  }
  if (t == "-Inf") {
    *v = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (t == "NaN") {
    *v = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  std::string_view d = t;
  if (d.front() == '+') d.remove_prefix(1);
  const auto res = std::from_chars(d.data(), d.data() + d.size(), *v);
  return res.ec == std::errc() && res.ptr == d.data() + d.size();
}

// One sample line (without its newline); false if it is malformed.
inline bool ParseExpositionSample(std::string_view line, ExpositionSample* out) {
  size_t i = 0;
  while (i < line.size() && IsExpositionNameChar(line[i], i == 0, true)) i++;
  if (i == 0) return false;
  out->name.assign(line.substr(0, i));
  out->labels.clear();
  if (i < line.size() && line[i] == '{') {
    i++;
    while (i < line.size() && line[i] != '}') {
      const size_t start = i;
      while (i < line.size() && IsExpositionNameChar(line[i], i == start, false)) i++;
      if (i == start || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') return false;
      std::string name(line.substr(start, i - start)), value;
      i += 2;
      for (;;) {
        if (i >= line.size()) return false;  // unterminated value
        const char c = line[i++];
        if (c == '"') break;
        if (c == '\\') {
          if (i >= line.size()) return false;
          const char e = line[i++];
          if (e == 'n') value.push_back('\n');
          else if (e == '\\' || e == '"') value.push_back(e);
          else return false;
        } else {
          value.push_back(c);
        }
      }
      out->labels.emplace_back(std::move(name), std::move(value));
      if (i < line.size() && line[i] == ',') i++;
    }
    if (i >= line.size()) return false;
    i++;  // '}'
  }
  if (i >= line.size() || line[i] != ' ') return false;
  out->key.assign(line.substr(0, i));
  out->value_text.assign(line.substr(i + 1));
  return ParseExpositionValue(out->value_text, &out->value);
}

inline std::vector<std::string> SplitLines(const std::string& body) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    lines.emplace_back(body.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

inline std::string LabelOf(const ExpositionSample& s, const std::string& name) {
  for (const auto& [n, v] : s.labels) {
    if (n == name) return v;
  }
  return "";
}

}  // namespace tsdb::testing
