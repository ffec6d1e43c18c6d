// Label matchers (2.42's model/labels.Matcher) and the PromQL series
// selector syntax that `promtool tsdb dump --match` accepts.
//
// A matcher tests one label of a series: `name op value` with op one of
// = != =~ !~. A label the series does not have is tested as "" (so
// {job=""} selects series without a job label, as in Prometheus).
//
// Regexes are fully anchored, like 2.42's `^(?:re)$`, and use RE2, the
// engine Go's regexp implements: `.` does not match "\n" unless (?s) asks.
// Go decodes every invalid UTF-8 byte as U+FFFD before matching; Matches
// does the same, so values that are not UTF-8 match exactly as in 2.42.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "engine/labels/labels.h"

namespace re2 {
class RE2;
}

namespace tsdb {

enum class MatchType : unsigned char { kEqual, kNotEqual, kRegexMatch, kRegexNoMatch };

// "=", "!=", "=~", "!~".
std::string_view MatchTypeString(MatchType type);

class Matcher {
 public:
  // Compiles the regex of =~ and !~ (kInvalidArgument with RE2's message
  // when it does not parse).
  static Result<Matcher> Make(MatchType type, std::string name, std::string value);

  MatchType type() const { return type_; }
  const std::string& name() const { return name_; }
  const std::string& value() const { return value_; }

  bool Matches(std::string_view s) const;
  // Matches the series' value of name(), "" when the label is absent.
  bool MatchesLabels(const Labels& lset) const { return Matches(lset.Get(name_)); }

  // `name="value"` with the value quoted as Go's %q does (2.42's String()).
  std::string ToString() const;

 private:
  Matcher(MatchType type, std::string name, std::string value)
      : type_(type), name_(std::move(name)), value_(std::move(value)) {}
  bool RegexMatches(std::string_view s) const;

  MatchType type_;
  std::string name_;
  std::string value_;
  // Shared so matchers copy cheaply; RE2 is thread-safe for matching.
  std::shared_ptr<const re2::RE2> re_;
};

// True when every matcher matches lset. An empty list matches nothing:
// 2.42 intersects zero postings lists into an empty one.
bool MatchesAll(const std::vector<Matcher>& matchers, const Labels& lset);

// Parses a PromQL series selector: `metric`, `metric{...}` or `{...}`, with
// matchers `name op "string"` separated by commas (a trailing comma is
// allowed), strings in "", '' (Go escapes) or `` (raw). A metric name
// becomes a trailing __name__= matcher, as in 2.42's parser. Errors are
// kInvalidArgument "line:column: parse error: ...", column counted in bytes
// from 1 like Prometheus's ParseErr.
Result<std::vector<Matcher>> ParseMatchers(std::string_view input);

}  // namespace tsdb
