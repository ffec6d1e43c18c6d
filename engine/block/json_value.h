// A small JSON reader for meta.json that remembers the byte offset of every
// value, so a bad file is reported as "meta.json at offset N: ...". It
// accepts exactly what Go's encoding/json accepts as syntax; mapping values
// onto fields (and Go's type rules) is meta.cc's job.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/status.h"

namespace tsdb::block {

struct JsonValue {
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  size_t offset = 0;   // where the value starts in the text
  bool boolean = false;
  std::string text;    // kString: the decoded string; kNumber: the literal as written
  std::vector<JsonValue> items;                          // kArray
  std::vector<std::pair<std::string, JsonValue>> members;  // kObject, in file order

  // The destructor is out of line: clang with libstdc++ 12 in C++20 mode
  // otherwise instantiates ~vector<pair<string, JsonValue>> while JsonValue
  // is still incomplete and fails to compile.
  JsonValue() = default;
  JsonValue(const JsonValue&) = default;
  JsonValue(JsonValue&&) noexcept = default;
  JsonValue& operator=(const JsonValue&) = default;
  JsonValue& operator=(JsonValue&&) noexcept = default;
  ~JsonValue();

  // Go's name for the kind in "cannot unmarshal X into ..." messages.
  const char* GoKindName() const;
};

// Parses one JSON document (surrounding whitespace allowed). Errors are
// kInvalidArgument whose message starts with "offset N: ".
Result<JsonValue> ParseJson(std::string_view text);

}  // namespace tsdb::block
