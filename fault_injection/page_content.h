// The bytes of one simulated file, kept as 4 KiB pages shared copy-on-write.
// A file has two of these (what the page cache shows and what is on the
// platter); fsync copies one into the other, which costs a pointer per page,
// and the next write copies only the page it touches. A page never written
// (a hole, or space from preallocation) is absent and reads as zeros, so a
// 512 MiB preallocated chunk segment costs memory only for what is written.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "engine/base/coding.h"

namespace tsdbsim::fault {

// A disk writes whole sectors: a torn write keeps or loses 512 bytes at a
// time, and latent errors make whole sectors unreadable.
inline constexpr uint64_t kSectorSizeBytes = 512;

class PageContent {
 public:
  static constexpr uint64_t kPageSizeBytes = 4096;

  uint64_t size_bytes() const { return size_bytes_; }

  // Writes data at offset, extending the content (a gap reads as zeros).
  void Write(uint64_t offset, tsdb::ByteView data);
  // Copies up to out.size() bytes from offset; returns the count (0 at or past the end).
  size_t Read(uint64_t offset, std::span<uint8_t> out) const;
  // Shrinks or extends with zeros.
  void Resize(uint64_t size_bytes);

  // Bytes [offset, offset + length) become those of from at the same
  // offset (zeros past from's end); within this content's size. Whole
  // pages are shared, not copied.
  void CopyRangeFrom(const PageContent& from, uint64_t offset, uint64_t length_bytes);

  // Page index becomes the same page of from (zeros where from has none),
  // the bytes past this content's size zeroed: a page the disk never got.
  void CopyPageFrom(const PageContent& from, uint64_t index);

  // Calls fn(offset, bytes) for each stored page in offset order, clipped
  // to the size; the bytes between stored pages are zeros.
  void ForEachStoredPage(const std::function<void(uint64_t, tsdb::ByteView)>& fn) const;
  // Bytes held in stored pages (what this content costs), not the size.
  uint64_t StoredBytes() const;

 private:
  using Page = std::array<uint8_t, kPageSizeBytes>;
  // The page at index, allocated or unshared so it can be written.
  Page& WritablePage(size_t index);

  uint64_t size_bytes_ = 0;
  // Null: all zeros. A page may be shared with other contents (the other
  // copy of the same file, crash images): it is copied before a write
  // unless this content holds the only reference. Invariant: bytes of the last page past the size are zero,
  // so growing the file shows zeros without touching the page.
  std::vector<std::shared_ptr<Page>> pages_;
};

}  // namespace tsdbsim::fault
