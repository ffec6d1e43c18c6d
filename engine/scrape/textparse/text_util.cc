#include "engine/scrape/textparse/text_util.h"

#include <algorithm>

#include "engine/labels/go_quote.h"

namespace tsdb::scrape {
namespace {

// strings.Replacer with old strings that are all a backslash and one byte:
// at a backslash either a pair is replaced or the backslash is copied and
// the scan moves one byte on.
template <typename Replace>
void AppendReplaced(std::string_view s, std::string* out, Replace replace) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t bs = s.find('\\', i);
    if (bs == std::string_view::npos || bs + 1 >= s.size()) {
      out->append(s.substr(i));
      return;
    }
    out->append(s.substr(i, bs - i));
    const char r = replace(s[bs + 1]);
    if (r != 0) {
      out->push_back(r);
      i = bs + 2;
    } else {
      out->push_back('\\');
      i = bs + 1;
    }
  }
}

}  // namespace

void AppendUnescapedLabelValue(std::string_view s, std::string* out) {
  AppendReplaced(s, out, [](char c) -> char {
    switch (c) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'n':
        return '\n';
      default:
        return 0;
    }
  });
}

void AppendUnescapedHelp(std::string_view s, std::string* out) {
  AppendReplaced(s, out, [](char c) -> char {
    switch (c) {
      case '\\':
        return '\\';
      case 'n':
        return '\n';
      default:
        return 0;
    }
  });
}

void DecodeLabels(std::string_view page, size_t name_begin, size_t name_end,
                  std::span<const size_t> offsets, std::string* scratch, LabelsBuilder* b) {
  b->Reset();
  b->Add(kMetricNameLabel, page.substr(name_begin, name_end - name_begin));
  for (size_t i = 0; i + 3 < offsets.size(); i += 4) {
    const std::string_view name = page.substr(offsets[i], offsets[i + 1] - offsets[i]);
    const std::string_view value = page.substr(offsets[i + 2], offsets[i + 3] - offsets[i + 2]);
    if (value.find('\\') == std::string_view::npos) {
      b->Add(name, value);
      continue;
    }
    scratch->clear();
    AppendUnescapedLabelValue(value, scratch);
    b->Add(name, *scratch);
  }
}

std::string GoQuote(std::string_view s) {
  std::string out;
  AppendGoQuoted(s, &out);
  return out;
}

std::string GoQuoteByteAsRune(uint8_t b) {
  std::string utf8;
  if (b < 0x80) {
    utf8.push_back(static_cast<char>(b));
  } else {
    utf8.push_back(static_cast<char>(0xC0 | (b >> 6)));
    utf8.push_back(static_cast<char>(0x80 | (b & 0x3F)));
  }
  return GoQuote(utf8);
}

TextPosition PositionAt(std::string_view page, size_t offset) {
  offset = std::min(offset, page.size());
  const std::string_view before = page.substr(0, offset);
  const size_t lines = static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  const size_t last_nl = before.rfind('\n');
  const size_t line_start = last_nl == std::string_view::npos ? 0 : last_nl + 1;
  return {static_cast<int>(lines + 1), static_cast<int>(offset - line_start + 1)};
}

}  // namespace tsdb::scrape
