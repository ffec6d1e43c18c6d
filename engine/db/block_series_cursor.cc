// The block side of a query: postings narrow the series when the matchers
// include equalities, every candidate is then checked against all matchers.
#include <algorithm>
#include <optional>

#include "engine/block/block_reader.h"
#include "engine/chunkenc/chunk.h"
#include "engine/chunkenc/xor.h"
#include "engine/db/series_cursor.h"

namespace tsdb::db {

namespace {

std::vector<index::SeriesRef> Intersect(const std::vector<index::SeriesRef>& a, index::PostingsView b) {
  std::vector<index::SeriesRef> out;
  size_t j = 0;
  for (index::SeriesRef x : a) {
    while (j < b.size() && b[j] < x) j++;
    if (j == b.size()) break;
    if (b[j] == x) out.push_back(x);
  }
  return out;
}

// The series of name="value" matchers (value non-empty: an empty value
// also selects series without the label, which no postings list holds),
// or nullopt when there is no such matcher.
Result<std::optional<std::vector<index::SeriesRef>>> EqualityPostings(const index::IndexReader& ix,
                                                                      const std::vector<Matcher>& ms) {
  std::optional<std::vector<index::SeriesRef>> acc;
  for (const Matcher& m : ms) {
    if (m.type() != MatchType::kEqual || m.value().empty()) continue;
    TSDB_ASSIGN_OR_RETURN(const index::PostingsView p, ix.Postings(m.name(), m.value()));
    acc = acc ? Intersect(*acc, p) : p.ToVector();
    if (acc->empty()) break;
  }
  return acc;
}

class BlockSeriesCursor final : public SeriesCursor {
 public:
  BlockSeriesCursor(const block::BlockReader& b, index::IndexSeriesIterator it,
                    const std::vector<Matcher>& ms, int64_t mint, int64_t maxt)
      : b_(b), it_(std::move(it)), ms_(ms), mint_(mint), maxt_(maxt) {}

  bool Next() override {
    while (it_.Next()) {
      if (MatchesAll(ms_, it_.labels()) && HasChunkInRange()) return true;
    }
    if (!it_.status().ok()) status_ = it_.status().Wrap("block " + b_.meta().ulid.ToString());
    return false;
  }
  const Labels& labels() const override { return it_.labels(); }
  const Status& status() const override { return status_; }

  Status AppendSamples(std::vector<Sample>* out) override {
    const tombstones::Intervals& deleted = b_.tombstones().Get(it_.ref());
    for (const index::ChunkMeta& c : it_.chunks()) {
      if (!Overlaps(c)) continue;
      auto entry = b_.Chunk(c.ref);
      if (!entry.ok()) return entry.status().Wrap("block " + b_.meta().ulid.ToString());
      // Only float chunks: promtool's dump stops at the first histogram sample.
      if (!chunkenc::IsXorEncoding(entry->encoding)) continue;
      chunkenc::XorIterator xi(entry->data);
      while (xi.Next()) {
        if (xi.t() < mint_ || xi.t() > maxt_ || tombstones::IsDeleted(deleted, xi.t())) continue;
        out->push_back({xi.t(), xi.v()});
      }
      if (!xi.status().ok()) {
        return xi.status().Wrap("block " + b_.meta().ulid.ToString() + ": chunk " + std::to_string(c.ref));
      }
    }
    return {};
  }

 private:
  bool Overlaps(const index::ChunkMeta& c) const { return c.min_time <= maxt_ && c.max_time >= mint_; }
  bool HasChunkInRange() const {
    return std::any_of(it_.chunks().begin(), it_.chunks().end(),
                       [&](const index::ChunkMeta& c) { return Overlaps(c); });
  }

  const block::BlockReader& b_;
  index::IndexSeriesIterator it_;
  const std::vector<Matcher>& ms_;
  int64_t mint_;
  int64_t maxt_;
  Status status_;
};

}  // namespace

Result<std::unique_ptr<SeriesCursor>> NewBlockSeriesCursor(const block::BlockReader& b,
                                                           const std::vector<Matcher>& matchers,
                                                           int64_t mint, int64_t maxt) {
  auto refs = EqualityPostings(b.index(), matchers);
  if (!refs.ok()) return refs.status().Wrap("block " + b.meta().ulid.ToString());
  if (refs->has_value()) {
    return std::unique_ptr<SeriesCursor>(
        new BlockSeriesCursor(b, b.Series(std::move(**refs)), matchers, mint, maxt));
  }
  auto all = b.index().AllPostings();
  if (!all.ok()) return all.status().Wrap("block " + b.meta().ulid.ToString());
  return std::unique_ptr<SeriesCursor>(new BlockSeriesCursor(b, b.Series(*all), matchers, mint, maxt));
}

}  // namespace tsdb::db
