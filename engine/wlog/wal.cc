#include "engine/wlog/wal.h"

#include <snappy.h>

#include <algorithm>

#include "engine/base/crc32c.h"
#include "engine/wlog/segments.h"

namespace tsdb::wlog {

Wal::Wal(Filesystem* fs, std::string dir, WalOptions options, EventSink* sink)
    : fs_(fs),
      dir_(std::move(dir)),
      options_(options),
      sink_(sink != nullptr ? sink : NullEventSink::Instance()),
      page_(static_cast<size_t>(kPageSizeBytes), 0) {}

Wal::~Wal() {
  if (segment_ != nullptr) (void)segment_->Close();  // an unclosed WAL is a crash: no padding, no fsync
}

Result<std::unique_ptr<Wal>> Wal::Open(Filesystem* fs, std::string dir, WalOptions options,
                                       EventSink* sink) {
  TSDB_ASSERT(fs != nullptr);
  if (options.segment_size_bytes <= 0 || options.segment_size_bytes % kPageSizeBytes != 0) {
    return Status::InvalidArgument("invalid segment size");
  }
  TSDB_RETURN_IF_ERROR(fs->MkdirAll(dir));
  std::unique_ptr<Wal> w(new Wal(fs, std::move(dir), options, sink));
  TSDB_ASSIGN_OR_RETURN(const SegmentRange range, Segments(*fs, w->dir_));
  TSDB_RETURN_IF_ERROR(w->CreateSegment(range.last + 1));
  return w;
}

Status Wal::CreateSegment(int index) {
  const std::string name = SegmentName(dir_, index);
  auto file = fs_->OpenAppend(name);
  if (!file.ok()) return file.status().Wrap("create new segment file");
  sink_->OnEvent({.type = EventType::kWalSegmentCreated, .segment = index});
  return SetSegment(std::move(file).value(), index);
}

Status Wal::SetSegment(std::unique_ptr<WritableFile> file, int index) {
  segment_ = std::move(file);
  segment_index_ = index;
  done_pages_ = static_cast<int64_t>(segment_->Size()) / kPageSizeBytes;
  metrics_.segment_current = index;
  return {};
}

void Wal::ResetPage() {
  // No zeroing here: FlushPage zeroes the padding it writes.
  page_alloc_ = 0;
  page_flushed_ = 0;
}

// Writes the unwritten part of the page. With clear (or a full page) the
// page is written up to its end, zero padded, and a new one begins.
Status Wal::FlushPage(bool clear) {
  metrics_.page_flushes_total++;
  clear = clear || PageFull();
  if (clear) {
    // The rest of the page is padding; it still holds the previous page's bytes.
    std::fill(page_.begin() + page_alloc_, page_.end(), uint8_t{0});
    page_alloc_ = kPageSizeBytes;
  }
  const ByteView part(page_.data() + page_flushed_, static_cast<size_t>(page_alloc_ - page_flushed_));
  const Status s = segment_->Append(part);
  if (!s.ok()) return s;  // the page stays as it is; a later flush retries the rest
  page_flushed_ = page_alloc_;
  sink_->OnEvent({.type = EventType::kWalPageFlushed,
                  .segment = segment_index_,
                  .offset = static_cast<int64_t>(segment_->Size()),
                  .bytes = static_cast<int64_t>(part.size())});
  if (clear) {
    ResetPage();
    done_pages_++;
    metrics_.completed_pages_total++;
  }
  return {};
}

Status Wal::Log(std::span<const ByteView> records) {
  if (closed_) return Status(StatusCode::kClosed, "wlog is closed");
  for (size_t i = 0; i < records.size(); i++) {
    const Status s = LogOne(records[i], i + 1 == records.size());
    if (!s.ok()) {
      metrics_.writes_failed_total++;
      return s;
    }
  }
  return {};
}

Status Wal::LogOne(ByteView rec, bool final) {
  if (PageFull()) TSDB_RETURN_IF_ERROR(FlushPage(true));  // a failed earlier flush left it full
  const uint8_t record_type = rec.empty() ? 0 : rec[0];

  bool compressed = false;
  if (options_.compress && !rec.empty()) {
    snappy_buf_.resize(snappy::MaxCompressedLength(rec.size()));
    size_t n = 0;
    snappy::RawCompress(reinterpret_cast<const char*>(rec.data()), rec.size(),
                        reinterpret_cast<char*>(snappy_buf_.data()), &n);
    if (n < rec.size()) {
      rec = ByteView(snappy_buf_.data(), n);
      compressed = true;
    }
  }

  // A record never spans segments: move on when it does not fit in the rest
  // of this one (free bytes of this page plus every page still to come).
  const int64_t left = (kPageSizeBytes - page_alloc_ - kRecordHeaderBytes) +
                       kMaxFragmentPayloadBytes * (PagesPerSegment() - done_pages_ - 1);
  if (static_cast<int64_t>(rec.size()) > left) {
    auto next = NextSegment();
    if (!next.ok()) return next.status();
  }
  TSDB_RETURN_IF_ERROR(WriteFragments(rec, compressed, record_type));
  metrics_.records_total++;
  if (final && page_alloc_ > 0) TSDB_RETURN_IF_ERROR(FlushPage(false));
  return {};
}

Status Wal::WriteFragments(ByteView rec, bool compressed, uint8_t record_type) {
  const int64_t start_offset = done_pages_ * kPageSizeBytes + page_alloc_;
  const int64_t stored_bytes = static_cast<int64_t>(rec.size());
  int64_t fragments = 0;
  // At least one pass, so zero-length records get a full fragment too.
  for (bool first = true; first || !rec.empty(); first = false) {
    const auto room = static_cast<size_t>(kPageSizeBytes - page_alloc_ - kRecordHeaderBytes);
    const size_t n = std::min(rec.size(), room);
    const ByteView part = rec.first(n);
    FragmentType type = FragmentType::kMiddle;
    if (first && n == rec.size()) {
      type = FragmentType::kFull;
    } else if (n == rec.size()) {
      type = FragmentType::kLast;
    } else if (first) {
      type = FragmentType::kFirst;
    }
    uint8_t* h = page_.data() + page_alloc_;
    h[0] = static_cast<uint8_t>(static_cast<uint8_t>(type) | (compressed ? kSnappyFlag : 0));
    PutBE16(h + 1, static_cast<uint16_t>(n));
    PutBE32(h + 3, Crc32c(part));
    std::copy(part.begin(), part.end(), h + kRecordHeaderBytes);
    page_alloc_ += static_cast<int64_t>(n) + kRecordHeaderBytes;
    fragments++;
    if (PageFull()) {
      // A failure here leaves part of the record written: 2.42 has the same
      // hole (a first fragment without its rest), which replay reports.
      TSDB_RETURN_IF_ERROR(FlushPage(true));
    }
    rec = rec.subspan(n);
  }
  sink_->OnEvent({.type = EventType::kWalRecordWritten,
                  .segment = segment_index_,
                  .offset = start_offset,
                  .bytes = stored_bytes,
                  .count = fragments,
                  .record_type = record_type,
                  .detail = compressed ? "snappy" : ""});
  return {};
}

Status Wal::SyncAndClose(std::unique_ptr<WritableFile> file, int index) {
  const Status s = file->Sync();
  metrics_.fsyncs_total++;
  sink_->OnEvent({.type = EventType::kWalFsync, .segment = index});
  const Status c = file->Close();
  return s.ok() ? c : s;
}

Result<int> Wal::NextSegment() {
  if (closed_) return Status(StatusCode::kClosed, "wlog is closed");
  if (page_alloc_ > 0) TSDB_RETURN_IF_ERROR(FlushPage(true));
  std::unique_ptr<WritableFile> prev = std::move(segment_);
  const int prev_index = segment_index_;
  const Status created = CreateSegment(prev_index + 1);
  if (!created.ok()) {
    segment_ = std::move(prev);
    return created;
  }
  // 2.42 syncs the old segment in the background; a failure is only logged.
  (void)SyncAndClose(std::move(prev), prev_index);
  return segment_index_;
}

Status Wal::Truncate(int index) {
  metrics_.truncations_total++;
  auto refs = ListSegments(*fs_, dir_);
  if (!refs.ok()) {
    metrics_.truncations_failed_total++;
    return refs.status();
  }
  for (const auto& r : *refs) {
    if (r.index >= index) continue;
    const Status s = fs_->Remove(JoinPath(dir_, r.name));
    if (!s.ok()) {
      metrics_.truncations_failed_total++;
      return s;
    }
    sink_->OnEvent({.type = EventType::kWalSegmentDeleted, .segment = r.index});
  }
  return {};
}

Status Wal::Close() {
  if (closed_) return Status(StatusCode::kClosed, "wlog already closed");
  // An empty page is not flushed: padding it would mark the segment done.
  if (page_alloc_ > 0) TSDB_RETURN_IF_ERROR(FlushPage(true));
  closed_ = true;
  return SyncAndClose(std::move(segment_), segment_index_);
}

}  // namespace tsdb::wlog
