// JUnit XML for `tsdbsim sweep --junit`: one testsuite named after the
// scenario, one testcase per seed, as CI systems (GitLab, Jenkins, GitHub
// test reporters) read it. Header-only so the unit tests can check it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace tsdbsim {

namespace junit_internal {

inline void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when the
// bytes are not well-formed (overlong, surrogate, beyond U+10FFFF, cut).
inline size_t DecodeUtf8(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t lead = b(0);
  size_t len = 0;
  uint32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    len = 2, cp = lead & 0x1Fu, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3, cp = lead & 0x0Fu, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4, cp = lead & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace junit_internal

// Escapes text for XML 1.0 element content or, with `attribute`, for a
// double- or single-quoted attribute value. Child output is arbitrary bytes:
// characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE/U+FFFF)
// and malformed UTF-8 become U+FFFD, so the file always parses. In
// attributes, newlines and tabs become character references, which keeps
// them (a parser would otherwise normalize them to spaces).
inline std::string XmlEscape(std::string_view s, bool attribute = false) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t len = junit_internal::DecodeUtf8(s, i, cp);
    if (len == 0) {
      len = 1;
      cp = 0xFFFD;
    }
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':  // also keeps "]]>" out of content
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':  // parsers would fold a literal CR away
        out += "&#13;";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) cp = 0xFFFD;
        if (cp == 0xFFFD) {
          junit_internal::AppendUtf8(out, cp);
        } else {
          out.append(s.substr(i, len));
        }
    }
    i += len;
  }
  return out;
}

struct JUnitCase {
  uint64_t seed = 0;
  double seconds = 0;
  bool failed = false;
  std::string message;  // one line, e.g. "exit status 1: 2 expects failed"
  std::string details;  // the reproduce command and the failing lines
  std::string output;   // the child's output, kept for failed seeds only
};

struct JUnitSuite {
  std::string name;  // the scenario's file name without .tsdbsim
  std::string file;  // as given on the command line
  std::string seeds;
  std::string shard;
  double seconds = 0;  // wall time of the whole sweep
};

inline std::string JUnitXml(const JUnitSuite& suite, const std::vector<JUnitCase>& cases) {
  size_t failures = 0;
  for (const JUnitCase& c : cases) failures += c.failed ? 1 : 0;
  const auto seconds = [](double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return std::string(buf);
  };
  const auto property = [](std::string_view name, std::string_view value) {
    return "      <property name=\"" + XmlEscape(name, true) + "\" value=\"" + XmlEscape(value, true) + "\"/>\n";
  };
  const std::string name = XmlEscape(suite.name, true);
  const std::string counts = " tests=\"" + std::to_string(cases.size()) + "\" failures=\"" + std::to_string(failures) +
                             "\" errors=\"0\" skipped=\"0\" time=\"" + seconds(suite.seconds) + "\"";
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<testsuites name=\"tsdbsim sweep\"" + counts + ">\n";
  x += "  <testsuite name=\"" + name + "\"" + counts + ">\n";
  x += "    <properties>\n";
  x += property("scenario", suite.file);
  x += property("seeds", suite.seeds);
  x += property("shard", suite.shard);
  x += "    </properties>\n";
  for (const JUnitCase& c : cases) {
    x += "    <testcase name=\"seed " + std::to_string(c.seed) + "\" classname=\"" + name + "\" time=\"" +
         seconds(c.seconds) + "\"";
    if (!c.failed) {
      x += "/>\n";
      continue;
    }
    x += ">\n      <failure message=\"" + XmlEscape(c.message, true) + "\" type=\"failure\">" + XmlEscape(c.details) +
         "</failure>\n";
    if (!c.output.empty()) x += "      <system-out>" + XmlEscape(c.output) + "</system-out>\n";
    x += "    </testcase>\n";
  }
  x += "  </testsuite>\n</testsuites>\n";
  return x;
}

}  // namespace tsdbsim
