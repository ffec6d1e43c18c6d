#include "engine/head/mem_series.h"

#include <bit>

namespace tsdb::head {

// The layout promised in mem_series.h: a 64-byte head chunk in the second
// line, three lines in all.
static_assert(sizeof(HeadChunk) == 64);
static_assert(alignof(MemSeries) == 64 && sizeof(MemSeries) == 192);

int64_t ComputeChunkEndTime(int64_t start, int64_t cur, int64_t max) {
  const int64_t n = SafeDiv(WrapSub(max, start), WrapMul(WrapAdd(WrapSub(cur, start), 1), 4));
  if (n <= 1) return max;
  return WrapAdd(start, SafeDiv(WrapSub(max, start), n));
}

void MemSeries::RecomputeMaxTime() {
  if (head_chunk_) {
    max_time_ = head_chunk_->maxt;
  } else if (!mmapped_.empty()) {
    max_time_ = mmapped_.back().maxt;
  } else {
    max_time_ = std::numeric_limits<int64_t>::min();
  }
}

int64_t MemSeries::MinTime() const {
  if (!mmapped_.empty()) return mmapped_.front().mint;
  if (head_chunk_) return head_chunk_->mint;
  return std::numeric_limits<int64_t>::max();
}

StatusCode MemSeries::AppendableSlow(int64_t t, uint64_t v_bits, int64_t min_valid_time) const {
  if (t >= min_valid_time) {
    if (!has_head_chunk_) return StatusCode::kOk;  // fresh series (or only mmapped chunks)
    const int64_t max = max_time_;
    if (t > max) return StatusCode::kOk;
    if (t == max) {
      // An identical sample is accepted (and dropped at commit); a different
      // value at the same timestamp is an error.
      return v_bits == last_value_bits_ ? StatusCode::kOk : StatusCode::kDuplicate;
    }
  }
  if (t < min_valid_time) return StatusCode::kOutOfBounds;
  return StatusCode::kOutOfOrder;
}

void MemSeries::MmapCurrentHeadChunk(ChunkSink& sink) {
  if (!head_chunk_ || head_chunk_->chunk.NumSamples() == 0) return;
  const chunks::ChunkDiskRef ref = sink.WriteChunk(ref_, *head_chunk_);
  mmapped_.push_back({ref, head_chunk_->mint, head_chunk_->maxt,
                      static_cast<uint16_t>(head_chunk_->chunk.NumSamples())});
}

HeadChunk* MemSeries::CutNewHeadChunk(int64_t mint, ChunkSink& sink, const HeadOptions& opts) {
  MmapCurrentHeadChunk(sink);
  if (head_chunk_) {
    // The full chunk's bytes are on disk now: its buffer serves the new one.
    head_chunk_->chunk.Reset();
    head_chunk_->maxt = std::numeric_limits<int64_t>::min();
  } else {
    head_chunk_.emplace();
  }
  has_head_chunk_ = true;
  head_chunk_->mint = mint;
  // At the latest, the chunk ends at the end of its chunk range.
  next_at_ = RangeForTimestamp(mint, opts.chunk_range_ms);
  return &*head_chunk_;
}

AppendResult MemSeries::AppendSlow(int64_t t, double v, ChunkSink& sink, const HeadOptions& opts) {
  AppendResult r;
  HeadChunk* c = head_chunk_ ? &*head_chunk_ : nullptr;
  if (c == nullptr) {
    // Already covered by the mmapped chunks (possible right after a restart).
    if (!mmapped_.empty() && mmapped_.back().maxt >= t) return r;
    c = CutNewHeadChunk(t, sink, opts);
    r.chunk_created = true;
  }
  if (c->maxt >= t) return r;
  const int n = c->chunk.NumSamples();
  if (n == 0) {
    c->mint = t;
    next_at_ = RangeForTimestamp(t, opts.chunk_range_ms);
  }
  // At a quarter of the target, predict where this chunk should end so the
  // rest of the range is split into chunks of about the target size.
  if (n == opts.samples_per_chunk / 4) next_at_ = ComputeChunkEndTime(c->mint, c->maxt, next_at_);
  // Twice the target means the rate went up: cut early, re-predict next time.
  if (t >= next_at_ || n >= opts.samples_per_chunk * 2) {
    c = CutNewHeadChunk(t, sink, opts);
    r.chunk_created = true;
  }
  c->chunk.Append(t, v);
  c->maxt = t;
  max_time_ = t;
  last_value_bits_ = std::bit_cast<uint64_t>(v);
  r.in_order = true;
  return r;
}

int MemSeries::TruncateChunksBefore(int64_t mint) {
  int removed = 0;
  if (head_chunk_ && head_chunk_->maxt < mint) {
    // Everything in the series is older than the head chunk's end.
    removed = 1 + static_cast<int>(mmapped_.size());
    first_chunk_id_ += static_cast<uint64_t>(removed);
    head_chunk_.reset();
    has_head_chunk_ = false;
    mmapped_.clear();
  }
  if (!mmapped_.empty()) {
    size_t k = 0;
    while (k < mmapped_.size() && mmapped_[k].maxt < mint) k++;
    mmapped_.erase(mmapped_.begin(), mmapped_.begin() + static_cast<long>(k));
    first_chunk_id_ += k;
    removed += static_cast<int>(k);
  }
  RecomputeMaxTime();
  return removed;
}

void MemSeries::RestoreSnapshotHeadChunk(HeadChunk chunk, uint64_t last_value_bits) {
  head_chunk_.emplace(std::move(chunk));
  has_head_chunk_ = true;
  next_at_ = head_chunk_->maxt;
  last_value_bits_ = last_value_bits;
  RecomputeMaxTime();
}

void MemSeries::AttachMmappedChunk(const MmappedChunk& chunk) {
  mmapped_.push_back(chunk);
  if (head_chunk_ && chunk.maxt >= head_chunk_->mint) {
    head_chunk_.reset();
    has_head_chunk_ = false;
    next_at_ = 0;
  }
  RecomputeMaxTime();
}

void MemSeries::ResetWithMmappedChunks(std::vector<MmappedChunk> chunks) {
  mmapped_ = std::move(chunks);
  mm_max_time = mmapped_.empty() ? std::numeric_limits<int64_t>::min() : mmapped_.back().maxt;
  head_chunk_.reset();
  has_head_chunk_ = false;
  next_at_ = 0;
  RecomputeMaxTime();
}

}  // namespace tsdb::head
