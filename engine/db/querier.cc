// Querier::Select: a k-way merge by label set over one cursor per source.
// Sources are few (blocks in range plus the head), so the smallest label
// set is found by a scan rather than a heap.
#include "engine/db/querier.h"

#include <algorithm>
#include <limits>
#include <memory>

#include "engine/block/block_reader.h"
#include "engine/db/series_cursor.h"
#include "engine/head/head.h"

namespace tsdb::db {

namespace {

// Sorts by time (stable, so earlier sources stay first among equal
// timestamps) and keeps the first sample of every timestamp.
void SortAndDedup(std::vector<Sample>* s) {
  const auto by_t = [](const Sample& a, const Sample& b) { return a.t < b.t; };
  if (!std::is_sorted(s->begin(), s->end(), by_t)) std::stable_sort(s->begin(), s->end(), by_t);
  const auto last = std::unique(s->begin(), s->end(), [](const Sample& a, const Sample& b) { return a.t == b.t; });
  s->erase(last, s->end());
}

struct Cursors {
  std::vector<std::unique_ptr<SeriesCursor>> all;  // in source order
  std::vector<bool> live;                          // positioned on a series
};

// Index of the live cursor with the smallest label set; -1 when none is live.
int Smallest(const Cursors& c) {
  int best = -1;
  for (size_t i = 0; i < c.all.size(); i++) {
    if (!c.live[i]) continue;
    if (best < 0 || c.all[i]->labels().Compare(c.all[static_cast<size_t>(best)]->labels()) < 0) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

}  // namespace

Status Querier::Select(const std::vector<Matcher>& matchers, const SeriesCallback& fn,
                       SeriesOrder order) const {
  if (matchers.empty()) return {};
  std::vector<const block::BlockReader*> blocks;
  for (const block::BlockReader* b : sources_.blocks) {
    if (b->meta().min_time <= maxt_ && mint_ < b->meta().max_time) blocks.push_back(b);
  }
  const head::Head* head = sources_.head;
  if (head != nullptr && maxt_ < head->MinTime()) head = nullptr;
  const bool ooo_querier = sources_.head != nullptr && mint_ == std::numeric_limits<int64_t>::min() &&
                           maxt_ == std::numeric_limits<int64_t>::max();
  const size_t queriers = blocks.size() + (head != nullptr ? 1 : 0) + (ooo_querier ? 1 : 0);
  const bool head_sorted = order == SeriesOrder::kLabels || queriers > 1;

  Cursors c;
  for (const block::BlockReader* b : blocks) {
    TSDB_ASSIGN_OR_RETURN(auto cur, NewBlockSeriesCursor(*b, matchers, mint_, maxt_));
    c.all.push_back(std::move(cur));
  }
  if (head != nullptr) c.all.push_back(NewHeadSeriesCursor(*head, matchers, mint_, maxt_, head_sorted));
  for (auto& cur : c.all) {
    c.live.push_back(cur->Next());
    TSDB_RETURN_IF_ERROR(cur->status());
  }

  std::vector<Sample> samples;
  for (int i = Smallest(c); i >= 0; i = Smallest(c)) {
    const Labels lset = c.all[static_cast<size_t>(i)]->labels();
    samples.clear();
    for (size_t j = 0; j < c.all.size(); j++) {
      if (!c.live[j] || c.all[j]->labels() != lset) continue;
      TSDB_RETURN_IF_ERROR(c.all[j]->AppendSamples(&samples));
      c.live[j] = c.all[j]->Next();
      TSDB_RETURN_IF_ERROR(c.all[j]->status());
    }
    SortAndDedup(&samples);
    if (!samples.empty()) TSDB_RETURN_IF_ERROR(fn(lset, samples));
  }
  return {};
}

}  // namespace tsdb::db
