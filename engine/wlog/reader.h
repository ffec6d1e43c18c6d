// Reader: reads logical records back from WAL segments, detecting corruption
// exactly where and as 2.42's wlog.Reader does.
//
// Segments are read as one stream in the order given. With virtual padding
// (the normal case) a segment whose size is not a multiple of the page size
// reads as if zero-filled to the page boundary, so an open segment's tail is
// fine. Repair reads a single file without it, as 2.42 does.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/wlog/corruption.h"
#include "engine/wlog/wlog_format.h"

namespace tsdb::wlog {

struct SegmentBytes {
  int index = 0;
  ByteView bytes;
  std::string dir;  // for error messages; empty means the reader's dir
};

// Segments [first, last] of dir; last = INT_MAX means "to the end".
struct SegmentRangeSpec {
  std::string dir;
  int first = 0;
  int last = 0;
};

class Reader {
 public:
  Reader(std::string dir, std::vector<SegmentBytes> segments, bool virtual_padding = true);

  // Advances to the next record; false at the end or on corruption (see Err).
  bool Next();
  // The current record, valid until the next call to Next().
  ByteView Record() const { return record_; }
  const std::optional<CorruptionError>& Err() const { return err_; }

  int Segment() const;                      // index of the segment being read
  const std::string& SegmentDir() const;    // directory of the segment being read
  int64_t Offset() const { return total_; } // bytes consumed by this reader in all
  int64_t SegmentOffset() const { return off_; }  // bytes consumed in the current segment

 private:
  enum class ReadEnd { kOk, kEof, kUnexpectedEof };
  struct ReadResult {
    ByteView bytes;
    ReadEnd end;
  };
  ReadResult ReadFull(size_t n);
  size_t PaddedSize(size_t i) const;
  // Reads one record: ok, clean end (kEof) or an error message in reason.
  ReadEnd ReadRecord(std::string* reason);
  bool Fail(std::string reason);

  std::string dir_;
  std::vector<SegmentBytes> segments_;
  bool virtual_padding_;
  size_t cur_ = 0;       // segment being read
  int64_t off_ = 0;      // bytes consumed in segments_[cur_], padding included
  int64_t total_ = 0;    // bytes consumed by the record decoder
  FragmentType cur_type_ = FragmentType::kPageTerm;
  Bytes scratch_;        // a read that straddles padding or segments
  Bytes rec_;            // fragments of the current record
  Bytes snappy_;         // compressed fragments of the current record
  ByteView record_;
  std::optional<CorruptionError> err_;
};

// Maps segments [first, last] of dir (every index in between must exist) and
// keeps the mappings alive for as long as the reader that uses them.
class SegmentRangeReader {
 public:
  static Result<std::unique_ptr<SegmentRangeReader>> Open(Filesystem& fs, const std::string& dir,
                                                          int first, int last);
  // Every segment of a directory (a checkpoint is read this way).
  static Result<std::unique_ptr<SegmentRangeReader>> OpenDir(Filesystem& fs,
                                                             const std::string& dir);
  // Several ranges read as one stream, e.g. a checkpoint then WAL segments.
  static Result<std::unique_ptr<SegmentRangeReader>> OpenRanges(
      Filesystem& fs, const std::vector<SegmentRangeSpec>& ranges);
  Reader& reader() { return *reader_; }

 private:
  std::vector<std::unique_ptr<MappedFile>> maps_;
  std::unique_ptr<Reader> reader_;
};

}  // namespace tsdb::wlog
