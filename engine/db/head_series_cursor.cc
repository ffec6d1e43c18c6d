// The head side of a query: its series that match, sorted by labels (the
// head keeps them in ref order), read from mmapped chunks and the open
// head chunk.
#include <algorithm>

#include "engine/chunkenc/xor.h"
#include "engine/db/series_cursor.h"
#include "engine/head/head.h"

namespace tsdb::db {

namespace {

class HeadSeriesCursor final : public SeriesCursor {
 public:
  HeadSeriesCursor(const head::Head& h, const std::vector<Matcher>& ms, int64_t mint, int64_t maxt,
                   bool sorted)
      : h_(h), mint_(mint), maxt_(maxt), chunk_mint_(std::max(mint, h.MinTime())) {
    h.series().ForEach([&](head::MemSeries& s) {
      if (MatchesAll(ms, s.labels()) && HasChunkInRange(s)) series_.push_back(&s);
    });
    if (!sorted) return;  // ForEach walks in ref order
    std::sort(series_.begin(), series_.end(), [](const head::MemSeries* a, const head::MemSeries* b) {
      return a->labels().Compare(b->labels()) < 0;
    });
  }

  bool Next() override {
    if (next_ >= series_.size()) return false;
    cur_ = series_[next_++];
    return true;
  }
  const Labels& labels() const override { return cur_->labels(); }
  const Status& status() const override { return status_; }

  Status AppendSamples(std::vector<Sample>* out) override {
    for (const head::MmappedChunk& m : cur_->mmapped_chunks()) {
      if (!Overlaps(m.mint, m.maxt)) continue;
      const Status s = h_.chunk_disk_mapper()->ReadChunk(m.ref, &buf_);
      if (!s.ok()) return s.Wrap("head series " + cur_->labels().ToString());
      TSDB_RETURN_IF_ERROR(Decode(buf_, out));
    }
    const head::HeadChunk* hc = cur_->head_chunk();
    if (hc != nullptr && hc->chunk.NumSamples() > 0 && Overlaps(hc->mint, hc->maxt)) {
      TSDB_RETURN_IF_ERROR(Decode(hc->chunk.bytes(), out));
    }
    return {};
  }

 private:
  bool Overlaps(int64_t cmint, int64_t cmaxt) const { return cmint <= maxt_ && cmaxt >= chunk_mint_; }

  bool HasChunkInRange(const head::MemSeries& s) const {
    for (const head::MmappedChunk& m : s.mmapped_chunks()) {
      if (Overlaps(m.mint, m.maxt)) return true;
    }
    const head::HeadChunk* hc = s.head_chunk();
    return hc != nullptr && hc->chunk.NumSamples() > 0 && Overlaps(hc->mint, hc->maxt);
  }

  Status Decode(ByteView chunk, std::vector<Sample>* out) const {
    chunkenc::XorIterator it(chunk);
    while (it.Next()) {
      if (it.t() >= mint_ && it.t() <= maxt_) out->push_back({it.t(), it.v()});
    }
    return it.status().ok() ? Status() : it.status().Wrap("head series " + cur_->labels().ToString());
  }

  const head::Head& h_;
  int64_t mint_;
  int64_t maxt_;
  int64_t chunk_mint_;  // chunks must reach this far to be read
  std::vector<const head::MemSeries*> series_;
  size_t next_ = 0;
  const head::MemSeries* cur_ = nullptr;
  Bytes buf_;
  Status status_;
};

}  // namespace

std::unique_ptr<SeriesCursor> NewHeadSeriesCursor(const head::Head& h, const std::vector<Matcher>& matchers,
                                                  int64_t mint, int64_t maxt, bool sorted) {
  return std::make_unique<HeadSeriesCursor>(h, matchers, mint, maxt, sorted);
}

}  // namespace tsdb::db
