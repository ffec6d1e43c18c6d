#include "engine/wlog/reader.h"

#include <snappy.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "engine/base/crc32c.h"
#include "engine/wlog/segments.h"

namespace tsdb::wlog {
namespace {

// A page's padding is checked a word at a time, not byte by byte: WAL
// replay reads many padded pages.
bool AllZero(ByteView b) {
  size_t i = 0;
  for (; i + 8 <= b.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, b.data() + i, 8);
    if (w != 0) return false;
  }
  for (; i < b.size(); i++) {
    if (b[i] != 0) return false;
  }
  return true;
}

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%x", v);
  return buf;
}

// Returns the 2.42 message for a fragment type out of sequence, or "".
std::string SequenceError(FragmentType type, int fragments_before) {
  switch (type) {
    case FragmentType::kFull:
      return fragments_before != 0 ? "unexpected full record" : "";
    case FragmentType::kFirst:
      return fragments_before != 0 ? "unexpected first record, dropping buffer" : "";
    case FragmentType::kMiddle:
      return fragments_before == 0 ? "unexpected middle record, dropping buffer" : "";
    case FragmentType::kLast:
      return fragments_before == 0 ? "unexpected last record, dropping buffer" : "";
    default:
      return "unexpected record type " + std::to_string(static_cast<int>(type));
  }
}

// Snappy's worst case expansion is below 32x; a larger claimed length is
// corrupt input, refused before allocating for it.
bool SnappyDecode(ByteView in, Bytes* out) {
  size_t n = 0;
  const auto* p = reinterpret_cast<const char*>(in.data());
  if (!snappy::GetUncompressedLength(p, in.size(), &n)) return false;
  if (n > 32 * in.size() + 64) return false;
  out->resize(n);
  return snappy::RawUncompress(p, in.size(), reinterpret_cast<char*>(out->data()));
}

}  // namespace

Reader::Reader(std::string dir, std::vector<SegmentBytes> segments, bool virtual_padding)
    : dir_(std::move(dir)), segments_(std::move(segments)), virtual_padding_(virtual_padding) {}

int Reader::Segment() const {
  return segments_.empty() ? -1 : segments_[std::min(cur_, segments_.size() - 1)].index;
}

size_t Reader::PaddedSize(size_t i) const {
  const size_t n = segments_[i].bytes.size();
  if (!virtual_padding_ || n % kPageSizeBytes == 0) return n;
  return (n / kPageSizeBytes + 1) * kPageSizeBytes;
}

// io.ReadFull over the segment stream: n bytes, or kEof when none were
// left, or kUnexpectedEof when only some were.
Reader::ReadResult Reader::ReadFull(size_t n) {
  if (cur_ < segments_.size()) {
    const ByteView seg = segments_[cur_].bytes;
    const auto off = static_cast<size_t>(off_);
    if (off + n <= seg.size()) {  // the common case: no copy
      off_ += static_cast<int64_t>(n);
      return {seg.subspan(off, n), ReadEnd::kOk};
    }
  }
  scratch_.resize(n);
  size_t got = 0;
  while (got < n && cur_ < segments_.size()) {
    const size_t padded = PaddedSize(cur_);
    auto off = static_cast<size_t>(off_);
    if (off == padded) {
      if (cur_ + 1 == segments_.size()) break;
      cur_++;
      off_ = 0;
      continue;
    }
    const ByteView seg = segments_[cur_].bytes;
    const size_t take = std::min(padded - off, n - got);
    // The segment's bytes, then the zeros of its virtual padding.
    const size_t real = off < seg.size() ? std::min(take, seg.size() - off) : 0;
    if (real > 0) std::memcpy(scratch_.data() + got, seg.data() + off, real);
    std::memset(scratch_.data() + got + real, 0, take - real);
    got += take;
    off_ += static_cast<int64_t>(take);
  }
  const ReadEnd end = got == n ? ReadEnd::kOk : got == 0 ? ReadEnd::kEof : ReadEnd::kUnexpectedEof;
  return {ByteView(scratch_.data(), got), end};
}

const std::string& Reader::SegmentDir() const {
  if (segments_.empty()) return dir_;
  const std::string& d = segments_[std::min(cur_, segments_.size() - 1)].dir;
  return d.empty() ? dir_ : d;
}

bool Reader::Fail(std::string reason) {
  err_ = CorruptionError{SegmentDir(), Segment(), off_, std::move(reason)};
  record_ = {};
  return false;
}

bool Reader::Next() {
  if (err_.has_value()) return false;
  std::string reason;
  const ReadEnd end = ReadRecord(&reason);
  if (end == ReadEnd::kOk && reason.empty()) return true;
  if (end == ReadEnd::kEof) {
    // A record cut short by the end of the WAL was torn by a crash.
    if (cur_type_ == FragmentType::kFirst || cur_type_ == FragmentType::kMiddle) {
      return Fail("last record is torn");
    }
    record_ = {};
    return false;
  }
  return Fail(std::move(reason));
}

Reader::ReadEnd Reader::ReadRecord(std::string* reason) {
  rec_.clear();
  snappy_.clear();
  int fragments = 0;
  for (;;) {
    ReadResult hdr0 = ReadFull(1);
    if (hdr0.end != ReadEnd::kOk) return ReadEnd::kEof;
    total_++;
    const uint8_t type_byte = hdr0.bytes[0];
    cur_type_ = FragmentTypeOf(type_byte);
    const bool compressed = (type_byte & kSnappyFlag) != 0;

    if (cur_type_ == FragmentType::kPageTerm) {
      const int64_t k = kPageSizeBytes - total_ % kPageSizeBytes;
      if (k == kPageSizeBytes) continue;  // the zero byte was the page's last
      ReadResult zeros = ReadFull(static_cast<size_t>(k));
      if (zeros.end == ReadEnd::kEof) return ReadEnd::kEof;
      if (zeros.end == ReadEnd::kUnexpectedEof) {
        *reason = "read remaining zeros: unexpected EOF";
        return ReadEnd::kUnexpectedEof;
      }
      total_ += k;
      if (!AllZero(zeros.bytes)) {
        *reason = "unexpected non-zero byte in padded page";
        return ReadEnd::kOk;
      }
      continue;
    }

    ReadResult hdr = ReadFull(kRecordHeaderBytes - 1);
    if (hdr.end == ReadEnd::kEof) return ReadEnd::kEof;
    if (hdr.end == ReadEnd::kUnexpectedEof) {
      *reason = "read remaining header: unexpected EOF";
      return ReadEnd::kUnexpectedEof;
    }
    total_ += kRecordHeaderBytes - 1;
    const uint16_t length = GetBE16(hdr.bytes.data());
    const uint32_t crc = GetBE32(hdr.bytes.data() + 2);
    if (length > kMaxFragmentPayloadBytes) {
      *reason = "invalid record size " + std::to_string(length);
      return ReadEnd::kOk;
    }
    ReadResult payload = ReadFull(length);
    if (payload.end == ReadEnd::kEof && length > 0) return ReadEnd::kEof;
    if (payload.end == ReadEnd::kUnexpectedEof) {
      *reason = "unexpected EOF";
      return ReadEnd::kUnexpectedEof;
    }
    total_ += length;
    if (const uint32_t c = Crc32c(payload.bytes); c != crc) {
      *reason = "unexpected checksum " + Hex(c) + ", expected " + Hex(crc);
      return ReadEnd::kOk;
    }
    const bool full_fast_path =
        fragments == 0 && !compressed && cur_type_ == FragmentType::kFull;
    if (!full_fast_path) {
      Bytes& dst = compressed ? snappy_ : rec_;
      dst.insert(dst.end(), payload.bytes.begin(), payload.bytes.end());
    }
    if (std::string e = SequenceError(cur_type_, fragments); !e.empty()) {
      *reason = std::move(e);
      return ReadEnd::kOk;
    }
    if (cur_type_ == FragmentType::kLast || cur_type_ == FragmentType::kFull) {
      if (full_fast_path) {
        // The payload view points into the segment unless it was stitched in scratch_.
        if (payload.bytes.data() == scratch_.data()) {
          rec_.assign(payload.bytes.begin(), payload.bytes.end());
          record_ = rec_;
        } else {
          record_ = payload.bytes;
        }
        return ReadEnd::kOk;
      }
      if (compressed && !snappy_.empty()) {
        if (!SnappyDecode(snappy_, &rec_)) {
          *reason = "snappy: corrupt input";
          return ReadEnd::kOk;
        }
      }
      record_ = rec_;
      return ReadEnd::kOk;
    }
    fragments++;
  }
}

Result<std::unique_ptr<SegmentRangeReader>> SegmentRangeReader::OpenRanges(
    Filesystem& fs, const std::vector<SegmentRangeSpec>& ranges) {
  std::unique_ptr<SegmentRangeReader> r(new SegmentRangeReader());
  std::vector<SegmentBytes> segs;
  for (const auto& range : ranges) {
    TSDB_ASSIGN_OR_RETURN(const auto refs, ListSegments(fs, range.dir));
    for (const auto& ref : refs) {
      if (ref.index < range.first || ref.index > range.last) continue;
      auto m = fs.MapReadOnly(JoinPath(range.dir, ref.name));
      if (!m.ok()) return m.status().Wrap("open segment " + std::to_string(ref.index));
      segs.push_back({ref.index, (*m)->data(), range.dir});
      r->maps_.push_back(std::move(m).value());
    }
  }
  const std::string dir = ranges.empty() ? std::string() : ranges.front().dir;
  r->reader_ = std::make_unique<Reader>(dir, std::move(segs));
  return r;
}

Result<std::unique_ptr<SegmentRangeReader>> SegmentRangeReader::Open(Filesystem& fs,
                                                                     const std::string& dir,
                                                                     int first, int last) {
  std::unique_ptr<SegmentRangeReader> r(new SegmentRangeReader());
  std::vector<SegmentBytes> segs;
  for (int i = first; i <= last; i++) {
    auto m = fs.MapReadOnly(SegmentName(dir, i));
    if (!m.ok()) return m.status().Wrap("open segment " + std::to_string(i));
    segs.push_back({i, (*m)->data(), dir});
    r->maps_.push_back(std::move(m).value());
  }
  r->reader_ = std::make_unique<Reader>(dir, std::move(segs));
  return r;
}

Result<std::unique_ptr<SegmentRangeReader>> SegmentRangeReader::OpenDir(Filesystem& fs,
                                                                        const std::string& dir) {
  return OpenRanges(fs, {{dir, 0, INT32_MAX}});
}

}  // namespace tsdb::wlog
