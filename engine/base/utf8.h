// UTF-8 validity with Go's rules (utf8.Valid, utf8.DecodeRuneInString):
// shortest forms only, no surrogates, nothing past U+10FFFF. One copy for
// the label printer, the exposition parsers and the scrape's label checks.
#pragma once

#include <cstddef>
#include <string_view>

namespace tsdb {

// Bytes of the valid sequence starting at s[i] (1 for ASCII), or 0 when the
// bytes there are not a valid sequence. i < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Offset of the first byte of s that is not part of a valid sequence, or
// std::string_view::npos when all of s is valid.
size_t FindInvalidUtf8(std::string_view s);

}  // namespace tsdb
