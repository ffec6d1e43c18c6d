#include "engine/chunks/block_chunk_writer.h"

#include <charconv>
#include <cstdio>
#include <limits>
#include <vector>

#include "engine/base/crc32c.h"

namespace tsdb::chunks {
namespace {

// 2.42 buffers segment writes in 8 MiB.
constexpr size_t kWriteBufferBytes = 8 << 20;

// What 2.42 budgets for one chunk when deciding whether it still fits.
uint64_t EstimatedSize(const ChunkToWrite& c) {
  return kBlockChunkLengthFieldSizeBytes + kBlockChunkEncodingSizeBytes + c.data.size() +
         kBlockChunkCrcSizeBytes;
}

std::string SegmentName(uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06llu", static_cast<unsigned long long>(seq));
  return buf;
}

}  // namespace

Result<std::unique_ptr<BlockChunkWriter>> BlockChunkWriter::Open(Filesystem& fs, std::string dir,
                                                                 uint64_t max_segment_size) {
  if (max_segment_size == 0) max_segment_size = kDefaultMaxBlockChunkSegmentSizeBytes;
  TSDB_RETURN_IF_ERROR(fs.MkdirAll(dir));
  return std::unique_ptr<BlockChunkWriter>(
      new BlockChunkWriter(fs, std::move(dir), max_segment_size));
}

BlockChunkWriter::~BlockChunkWriter() {
  if (tail_ != nullptr) (void)tail_->Close();
}

Result<uint64_t> BlockChunkWriter::NextSequenceNumber() {
  // Like 2.42: one past the highest numeric file name already in the dir.
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs_.List(dir_));
  uint64_t max = 0;
  for (const DirEntry& e : entries) {
    uint64_t v = 0;
    const char* end = e.name.data() + e.name.size();
    if (auto [p, ec] = std::from_chars(e.name.data(), end, v); ec == std::errc() && p == end) {
      max = std::max(max, v);
    }
  }
  return max + 1;
}

Status BlockChunkWriter::Write(ByteView b) {
  buf_.insert(buf_.end(), b.begin(), b.end());
  n_ += b.size();
  return buf_.size() >= kWriteBufferBytes ? Flush() : Status::Ok();
}

Status BlockChunkWriter::Flush() {
  if (buf_.empty()) return Status::Ok();
  // Positional writes: the file was preallocated, so "the end" is not where
  // the next byte goes.
  TSDB_RETURN_IF_ERROR(tail_->PWrite(flushed_, buf_));
  flushed_ += buf_.size();
  buf_.clear();
  return Status::Ok();
}

Status BlockChunkWriter::FinalizeTail() {
  if (tail_ == nullptr) return Status::Ok();
  TSDB_RETURN_IF_ERROR(Flush());
  // Drop the preallocated zeros past the last chunk, then make it durable.
  TSDB_RETURN_IF_ERROR(tail_->Truncate(n_));
  TSDB_RETURN_IF_ERROR(tail_->Sync());
  const Status s = tail_->Close();
  tail_.reset();
  return s;
}

Status BlockChunkWriter::Cut() {
  TSDB_RETURN_IF_ERROR(FinalizeTail());
  TSDB_ASSIGN_OR_RETURN(const uint64_t seq, NextSequenceNumber());
  TSDB_ASSIGN_OR_RETURN(tail_, fs_.Create(JoinPath(dir_, SegmentName(seq))));
  TSDB_RETURN_IF_ERROR(tail_->Preallocate(max_segment_size_));
  TSDB_RETURN_IF_ERROR(fs_.SyncDir(dir_));
  segments_++;
  n_ = 0;
  flushed_ = 0;
  uint8_t header[kBlockChunksHeaderSizeBytes] = {};
  PutBE32(header, kBlockChunksMagic);
  header[kBlockChunksMagicSizeBytes] = kBlockChunksFormatV1;
  return Write(header);
}

Status BlockChunkWriter::WriteBatch(std::span<ChunkToWrite> chunks) {
  const uint32_t seq = segments_ - 1;
  for (ChunkToWrite& c : chunks) {
    if (n_ > std::numeric_limits<uint32_t>::max()) {
      return Status::InvalidArgument("chunk segment offset " + std::to_string(n_) +
                                     " does not fit a chunk ref");
    }
    c.ref = BlockChunkRef(seq, static_cast<uint32_t>(n_));
    uint8_t head[kMaxVarintBytes + 1];
    const int n = EncodeUvarint(head, c.data.size());
    head[n] = c.encoding;
    TSDB_RETURN_IF_ERROR(Write(ByteView(head, static_cast<size_t>(n) + 1)));
    TSDB_RETURN_IF_ERROR(Write(c.data));
    uint8_t crc[kBlockChunkCrcSizeBytes];
    PutBE32(crc, Crc32cExtend(Crc32c(ByteView(&c.encoding, 1)), c.data));
    TSDB_RETURN_IF_ERROR(Write(crc));
  }
  return Status::Ok();
}

Status BlockChunkWriter::WriteChunks(std::span<ChunkToWrite> chunks) {
  if (closed_) return Status(StatusCode::kClosed, "chunk writer closed");
  // Split the series' chunks into batches, one per segment, with 2.42's rule:
  // the first batch also counts what the current segment already holds.
  std::vector<std::span<ChunkToWrite>> batches(1);
  uint64_t batch_size = 0;
  size_t batch_start = 0;
  bool first_batch = true;
  for (size_t i = 0; i < chunks.size(); i++) {
    const uint64_t size = EstimatedSize(chunks[i]);
    batch_size += size;
    bool cut = i != 0 && batch_size + kBlockChunksHeaderSizeBytes > max_segment_size_;
    if (first_batch && n_ > kBlockChunksHeaderSizeBytes) {
      cut = batch_size + n_ > max_segment_size_;
      if (cut) first_batch = false;
    }
    if (cut) {
      batch_start = i;
      batches.emplace_back();
      batch_size = size;
    }
    batches.back() = chunks.subspan(batch_start, i + 1 - batch_start);
  }

  if (n_ == 0) TSDB_RETURN_IF_ERROR(Cut());
  for (size_t b = 0; b < batches.size(); b++) {
    TSDB_RETURN_IF_ERROR(WriteBatch(batches[b]));
    // Never leave an empty segment at the end.
    if (b + 1 < batches.size()) TSDB_RETURN_IF_ERROR(Cut());
  }
  return Status::Ok();
}

Status BlockChunkWriter::Close() {
  if (closed_) return Status(StatusCode::kClosed, "chunk writer already closed");
  closed_ = true;
  return FinalizeTail();
}

}  // namespace tsdb::chunks
