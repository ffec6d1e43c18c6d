#include "fault_injection/page_content.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "engine/base/assert.h"

namespace tsdbsim::fault {

PageContent::Page& PageContent::WritablePage(size_t index) {
  std::shared_ptr<Page>& p = pages_[index];
  if (p == nullptr) {
    p = std::make_shared<Page>();  // value-initialised: zeros
  } else if (p.use_count() > 1) {
    p = std::make_shared<Page>(*p);  // the other copy keeps the old bytes
  } else {
    // The last other owner (perhaps an image on another thread) released
    // the page; its reads happen before our writes, as with shared_ptr's
    // own destructor.
    std::atomic_thread_fence(std::memory_order_acquire);
  }
  return *p;
}

void PageContent::Write(uint64_t offset, tsdb::ByteView data) {
  if (data.empty()) return;
  const uint64_t end = offset + data.size();
  TSDB_ASSERT(end > offset);  // callers check sizes against the file size limit
  if (end > size_bytes_) Resize(end);
  uint64_t pos = offset;
  size_t done = 0;
  while (done < data.size()) {
    const uint64_t in_page = pos % kPageSizeBytes;
    const size_t n = static_cast<size_t>(
        std::min<uint64_t>(kPageSizeBytes - in_page, data.size() - done));
    Page& page = WritablePage(static_cast<size_t>(pos / kPageSizeBytes));
    std::memcpy(page.data() + in_page, data.data() + done, n);
    done += n;
    pos += n;
  }
}

size_t PageContent::Read(uint64_t offset, std::span<uint8_t> out) const {
  if (offset >= size_bytes_) return 0;
  const size_t total = static_cast<size_t>(std::min<uint64_t>(out.size(), size_bytes_ - offset));
  uint64_t pos = offset;
  size_t done = 0;
  while (done < total) {
    const uint64_t in_page = pos % kPageSizeBytes;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kPageSizeBytes - in_page, total - done));
    const auto& page = pages_[static_cast<size_t>(pos / kPageSizeBytes)];
    if (page == nullptr) {
      std::memset(out.data() + done, 0, n);
    } else {
      std::memcpy(out.data() + done, page->data() + in_page, n);
    }
    done += n;
    pos += n;
  }
  return total;
}

void PageContent::Resize(uint64_t size_bytes) {
  const uint64_t page_count = (size_bytes + kPageSizeBytes - 1) / kPageSizeBytes;
  if (size_bytes < size_bytes_) {
    pages_.resize(static_cast<size_t>(page_count));
    const uint64_t tail = size_bytes % kPageSizeBytes;
    // Keeps the invariant: what a later extension exposes must be zeros.
    if (tail != 0 && pages_.back() != nullptr) {
      Page& last = WritablePage(pages_.size() - 1);
      std::memset(last.data() + tail, 0, kPageSizeBytes - tail);
    }
  } else {
    pages_.resize(static_cast<size_t>(page_count));
  }
  size_bytes_ = size_bytes;
}

void PageContent::CopyRangeFrom(const PageContent& from, uint64_t offset, uint64_t length_bytes) {
  TSDB_ASSERT(offset + length_bytes <= size_bytes_);
  const uint64_t end = offset + length_bytes;
  uint64_t pos = offset;
  while (pos < end) {
    const uint64_t index = pos / kPageSizeBytes;
    const uint64_t in_page = pos % kPageSizeBytes;
    const uint64_t n = std::min(kPageSizeBytes - in_page, end - pos);
    const size_t i = static_cast<size_t>(index);
    const std::shared_ptr<Page>* src = i < from.pages_.size() ? &from.pages_[i] : nullptr;
    if (n == kPageSizeBytes && from.size_bytes_ >= pos + n) {
      pages_[i] = src != nullptr ? *src : nullptr;  // a whole page: share it
    } else if (src != nullptr && *src != nullptr) {
      Page& page = WritablePage(i);
      // Past from's end its page holds zeros already (its invariant).
      std::memcpy(page.data() + in_page, (*src)->data() + in_page, static_cast<size_t>(n));
    } else if (pages_[i] != nullptr) {
      std::memset(WritablePage(i).data() + in_page, 0, static_cast<size_t>(n));
    }
    pos += n;
  }
}

void PageContent::CopyPageFrom(const PageContent& from, uint64_t index) {
  TSDB_ASSERT(index < pages_.size());
  const size_t i = static_cast<size_t>(index);
  pages_[i] = i < from.pages_.size() ? from.pages_[i] : nullptr;
  const uint64_t end = (index + 1) * kPageSizeBytes;
  if (pages_[i] != nullptr && end > size_bytes_) {
    const uint64_t keep = size_bytes_ - index * kPageSizeBytes;
    Page& page = WritablePage(i);
    std::memset(page.data() + keep, 0, kPageSizeBytes - keep);
  }
}

void PageContent::ForEachStoredPage(
    const std::function<void(uint64_t, tsdb::ByteView)>& fn) const {
  for (size_t i = 0; i < pages_.size(); i++) {
    if (pages_[i] == nullptr) continue;
    const uint64_t offset = i * kPageSizeBytes;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kPageSizeBytes, size_bytes_ - offset));
    fn(offset, tsdb::ByteView(pages_[i]->data(), n));
  }
}

uint64_t PageContent::StoredBytes() const {
  uint64_t n = 0;
  for (const auto& p : pages_) n += p != nullptr ? kPageSizeBytes : 0;
  return n;
}

}  // namespace tsdbsim::fault
