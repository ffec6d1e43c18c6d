#include "sim/trace/trace_text.h"

#include <xxhash.h>

#include <charconv>

#include "engine/base/assert.h"

namespace tsdbsim {
namespace {

// Column widths: the longest lane name and event type name, and a time in
// ms since the epoch, so lines of a run line up.
constexpr size_t kTimeWidth = 2 + 13;     // "t=" and 13 digits
constexpr size_t kElapsedWidth = 13;      // "+0:00:00.000" and a second hour digit
constexpr size_t kLaneWidth = 6;          // "scrape", "fanout", "blocks", "replay"
constexpr size_t kTypeWidth = 23;         // "head_chunk_file_created"

template <typename Int>
void AppendInt(Int v, std::string* out) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, res.ptr);
}

void PadTo(size_t column_start, size_t width, std::string* out) {
  const size_t used = out->size() - column_start;
  out->append(used < width ? width - used : 0, ' ');
  out->push_back(' ');
}

// +H:MM:SS.mmm; hours grow as needed.
void AppendElapsed(int64_t elapsed_ms, std::string* out) {
  // Negative only if a clock went backwards; unsigned avoids overflow on INT64_MIN.
  out->push_back(elapsed_ms < 0 ? '-' : '+');
  const uint64_t ms = elapsed_ms < 0 ? 0 - static_cast<uint64_t>(elapsed_ms)
                                     : static_cast<uint64_t>(elapsed_ms);
  const uint64_t s = ms / 1000;
  AppendInt(s / 3600, out);
  const auto two = [out](uint64_t v) {
    out->push_back(static_cast<char>('0' + v / 10));
    out->push_back(static_cast<char>('0' + v % 10));
  };
  out->push_back(':');
  two(s / 60 % 60);
  out->push_back(':');
  two(s % 60);
  out->push_back('.');
  const uint64_t frac = ms % 1000;
  out->push_back(static_cast<char>('0' + frac / 100));
  two(frac % 100);
}

void AppendQuoted(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        // Other control bytes would break the one-line-per-record rule or a
        // terminal; bytes >= 0x80 (UTF-8 in label values) pass unchanged.
        if (u < 0x20 || u == 0x7f) {
          out->append("\\x");
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 0xf]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

template <typename Int>
void AppendField(const char* key, Int v, std::string* out) {
  out->append(key);
  out->push_back('=');
  AppendInt(v, out);
  out->push_back(' ');
}

}  // namespace

void AppendTraceLine(const TraceRecord& r, int64_t origin_ms, std::string* out) {
  const size_t start = out->size();
  out->append("t=");
  AppendInt(r.t_ms, out);
  PadTo(start, kTimeWidth, out);
  size_t col = out->size();
  // Wrapping subtraction: defined for any two times, and exact when the
  // difference fits, as it does for every real run.
  AppendElapsed(static_cast<int64_t>(static_cast<uint64_t>(r.t_ms) - static_cast<uint64_t>(origin_ms)),
                out);
  PadTo(col, kElapsedWidth, out);
  col = out->size();
  out->append(LaneName(r.lane));
  PadTo(col, kLaneWidth, out);
  col = out->size();
  out->append(r.type_name());
  PadTo(col, kTypeWidth, out);

  const uint16_t f = r.written_fields();
  if (f & kFieldSegment) AppendField("seg", r.segment, out);
  if (f & kFieldOffset) AppendField("off", r.offset, out);
  if (f & kFieldBytes) AppendField("bytes", r.bytes, out);
  if (f & kFieldCount) AppendField("count", r.count, out);
  if (f & kFieldRef) AppendField("ref", r.ref, out);
  if (f & kFieldMint) AppendField("mint", r.mint, out);
  if (f & kFieldMaxt) AppendField("maxt", r.maxt, out);
  if (f & kFieldRecordType) AppendField("rtype", static_cast<unsigned>(r.record_type), out);
  if (f & kFieldDetail) AppendQuoted(r.detail, out);
  // No trailing blanks: a line ends in its last field.
  while (out->size() > start && out->back() == ' ') out->pop_back();
}

std::string FormatTraceLine(const TraceRecord& r, int64_t origin_ms) {
  std::string line;
  AppendTraceLine(r, origin_ms, &line);
  return line;
}

void WriteText(std::span<const TraceRecord> records, std::ostream& out) {
  if (records.empty()) return;
  const int64_t origin_ms = records.front().t_ms;
  std::string buf;
  for (const TraceRecord& r : records) {
    AppendTraceLine(r, origin_ms, &buf);
    buf.push_back('\n');
    // Written in large pieces: a trace can have millions of lines.
    if (buf.size() >= (1u << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

TraceHasher::TraceHasher() : state_(XXH64_createState()) {
  TSDB_ASSERT(state_ != nullptr);
  XXH64_reset(static_cast<XXH64_state_t*>(state_), 0);
}

TraceHasher::~TraceHasher() { XXH64_freeState(static_cast<XXH64_state_t*>(state_)); }

void TraceHasher::AddLine(std::string_view line_without_newline) {
  auto* st = static_cast<XXH64_state_t*>(state_);
  XXH64_update(st, line_without_newline.data(), line_without_newline.size());
  XXH64_update(st, "\n", 1);
}

uint64_t TraceHasher::value() const {
  return XXH64_digest(static_cast<const XXH64_state_t*>(state_));
}

uint64_t TraceHash(std::span<const TraceRecord> records) {
  TraceHasher hasher;
  std::string line;
  for (const TraceRecord& r : records) {
    line.clear();
    AppendTraceLine(r, records.front().t_ms, &line);
    hasher.AddLine(line);
  }
  return hasher.value();
}

std::string TraceHashHex(uint64_t hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; i--) {
    s[static_cast<size_t>(i)] = kHex[hash & 0xf];
    hash >>= 4;
  }
  return s;
}

}  // namespace tsdbsim
