#include "engine/scrape/scrape_cache.h"

#include <algorithm>
#include <iterator>

namespace tsdb::scrape {

const ScrapeCache::Entry* ScrapeCache::Get(std::string_view series) {
  auto it = series_.find(series);
  if (it == series_.end()) return nullptr;
  it->second.last_iter = iter_;
  return &it->second;
}

void ScrapeCache::AddRef(std::string_view series, storage::SeriesRef ref, LabelsPtr labels, uint64_t hash) {
  if (ref == 0) return;
  series_.insert_or_assign(std::string(series), Entry{ref, std::move(labels), hash, iter_});
}

void ScrapeCache::AddDropped(std::string_view series) { dropped_.insert_or_assign(std::string(series), iter_); }

bool ScrapeCache::GetDropped(std::string_view series) {
  auto it = dropped_.find(series);
  if (it == dropped_.end()) return false;
  it->second = iter_;
  return true;
}

void ScrapeCache::SortCurrent() {
  // A later sighting of the same hash wins, as a map assignment would.
  std::stable_sort(current_.begin(), current_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto last = std::unique(current_.rbegin(), current_.rend(),
                          [](const auto& a, const auto& b) { return a.first == b.first; });
  current_.erase(current_.begin(), last.base());
}

void ScrapeCache::ForEachStale(const std::function<bool(const Labels&)>& f) {
  SortCurrent();
  auto cur = current_.begin();
  for (const auto& [hash, labels] : previous_) {
    while (cur != current_.end() && cur->first < hash) ++cur;
    if (cur != current_.end() && cur->first == hash) continue;
    if (!f(*labels)) return;
  }
}

void ScrapeCache::IterDone(bool flush) {
  const size_t count = series_.size() + dropped_.size();
  if (flush) {
    successful_count_ = count;
  } else if (count > successful_count_ * 2 + 1000) {
    // Failed scrapes with ever-new series must not grow the cache forever.
    flush = true;
    forced_flushes_++;
  }
  if (flush) {
    std::erase_if(series_, [&](const auto& kv) { return kv.second.last_iter != iter_; });
    std::erase_if(dropped_, [&](const auto& kv) { return kv.second != iter_; });
    iter_++;
  }
  SortCurrent();
  previous_.swap(current_);
  current_.clear();
}

}  // namespace tsdb::scrape
