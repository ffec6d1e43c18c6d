// Reading the canonical text form back (TRACE.md), for diff-trace and for
// tools that post-process a run.
#include <charconv>
#include <limits>

#include "sim/trace/trace_text.h"

namespace tsdbsim {
namespace {

using tsdb::Status;

// Splits off the next blank-separated token.
std::string_view NextToken(std::string_view* rest) {
  size_t i = 0;
  while (i < rest->size() && (*rest)[i] == ' ') i++;
  size_t j = i;
  while (j < rest->size() && (*rest)[j] != ' ') j++;
  const std::string_view tok = rest->substr(i, j - i);
  rest->remove_prefix(j);
  return tok;
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

template <typename Int>
bool ParseInt(std::string_view s, Int* v) {
  const auto res = std::from_chars(s.data(), s.data() + s.size(), *v);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

// [+-]H:MM:SS.mmm. Its value is derived from t= and not read back.
bool IsElapsed(std::string_view s) {
  if (s.size() < 11 || (s[0] != '+' && s[0] != '-')) return false;
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;
  const std::string_view tail = s.substr(colon);  // ":MM:SS.mmm"
  if (tail.size() != 10 || tail[3] != ':' || tail[6] != '.') return false;
  for (size_t i = 1; i < colon; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  for (size_t i : {1, 2, 4, 5, 7, 8, 9}) {
    if (tail[i] < '0' || tail[i] > '9') return false;
  }
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The quoted detail, which must end the line.
Status ParseQuoted(std::string_view s, std::string* out) {
  if (s.size() < 2 || s.front() != '"') return Status::InvalidArgument("detail is not quoted");
  out->clear();
  size_t i = 1;
  for (; i < s.size() && s[i] != '"'; i++) {
    if (s[i] != '\\') {
      out->push_back(s[i]);
      continue;
    }
    if (++i == s.size()) break;
    switch (s[i]) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'x': {
        const int hi = i + 2 < s.size() ? HexDigit(s[i + 1]) : -1;
        const int lo = hi >= 0 ? HexDigit(s[i + 2]) : -1;
        if (lo < 0) return Status::InvalidArgument("bad \\x escape in detail");
        out->push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        break;
      }
      default: return Status::InvalidArgument("unknown escape in detail");
    }
  }
  if (i >= s.size()) return Status::InvalidArgument("unterminated detail");
  if (i + 1 != s.size()) return Status::InvalidArgument("text after the detail");
  return Status();
}

Status ParseField(std::string_view tok, TraceRecord* r, uint16_t* seen) {
  const size_t eq = tok.find('=');
  if (eq == std::string_view::npos) {
    return Status::InvalidArgument("expected key=value, got \"" + std::string(tok) + "\"");
  }
  const std::string_view key = tok.substr(0, eq);
  const std::string_view val = tok.substr(eq + 1);
  uint16_t bit = 0;
  bool ok = false;
  if (key == "seg") {
    bit = kFieldSegment, ok = ParseInt(val, &r->segment);
  } else if (key == "off") {
    bit = kFieldOffset, ok = ParseInt(val, &r->offset);
  } else if (key == "bytes") {
    bit = kFieldBytes, ok = ParseInt(val, &r->bytes);
  } else if (key == "count") {
    bit = kFieldCount, ok = ParseInt(val, &r->count);
  } else if (key == "ref") {
    bit = kFieldRef, ok = ParseInt(val, &r->ref);
  } else if (key == "mint") {
    bit = kFieldMint, ok = ParseInt(val, &r->mint);
  } else if (key == "maxt") {
    bit = kFieldMaxt, ok = ParseInt(val, &r->maxt);
  } else if (key == "rtype") {
    bit = kFieldRecordType, ok = ParseInt(val, &r->record_type);
  } else {
    return Status::InvalidArgument("unknown field \"" + std::string(key) + "\"");
  }
  if (!ok) return Status::InvalidArgument("bad value in \"" + std::string(tok) + "\"");
  if (*seen & bit) return Status::InvalidArgument("field \"" + std::string(key) + "\" twice");
  *seen |= bit;
  return Status();
}

}  // namespace

tsdb::Result<TraceRecord> ParseTraceLine(std::string_view line) {
  TraceRecord r;
  std::string_view rest = line;
  const std::string_view t = NextToken(&rest);
  if (t.substr(0, 2) != "t=" || !ParseInt(t.substr(2), &r.t_ms)) {
    return Status::InvalidArgument("expected t=<ms> at the start of the line");
  }
  if (!IsElapsed(NextToken(&rest))) {
    return Status::InvalidArgument("expected the elapsed time +H:MM:SS.mmm after t=");
  }
  const std::string_view lane = NextToken(&rest);
  const auto lane_value = LaneFromName(lane);
  if (!lane_value.has_value()) {
    return Status::InvalidArgument("unknown lane \"" + std::string(lane) + "\"");
  }
  r.lane = *lane_value;
  const std::string_view type = NextToken(&rest);
  if (const auto event = EventTypeFromName(type); event.has_value()) {
    r.event = *event;
    if (LaneOf(*event) != r.lane) {
      return Status::InvalidArgument("event type \"" + std::string(type) + "\" belongs to lane " +
                                     LaneName(LaneOf(*event)));
    }
  } else if (IsValidSimEventType(type)) {
    if (r.lane != Lane::kSim) {
      return Status::InvalidArgument("unknown event type \"" + std::string(type) + "\"");
    }
    r.sim_type.assign(type);
  } else {
    return Status::InvalidArgument("bad event type \"" + std::string(type) + "\"");
  }

  uint16_t seen = 0;
  for (rest = TrimLeft(rest); !rest.empty(); rest = TrimLeft(rest)) {
    if (rest.front() == '"') {
      TSDB_RETURN_IF_ERROR(ParseQuoted(rest, &r.detail));
      break;
    }
    TSDB_RETURN_IF_ERROR(ParseField(NextToken(&rest), &r, &seen));
  }
  return r;
}

tsdb::Result<ParsedTrace> ParseTextTrace(std::string_view text) {
  ParsedTrace out;
  int64_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    line_no++;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a file edited on Windows
    if (TrimLeft(line).empty() || line.front() == '#') continue;
    auto r = ParseTraceLine(line);
    if (!r.ok()) return r.status().Wrap("line " + std::to_string(line_no));
    out.records.push_back(std::move(r).value());
    out.line_numbers.push_back(line_no);
  }
  return out;
}

}  // namespace tsdbsim
