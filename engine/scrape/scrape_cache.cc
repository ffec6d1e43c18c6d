#include "engine/scrape/scrape_cache.h"

#include <algorithm>
#include <iterator>

#include "engine/base/assert.h"

namespace tsdb::scrape {

const ScrapeCache::Entry* ScrapeCache::Get(std::string_view series, size_t pos) {
  if (pos < by_pos_.size()) {
    const Slot& slot = by_pos_[pos];
    if (slot.entry != nullptr && *slot.series == series) {
      MarkSeen(slot.entry);
      return slot.entry;
    }
  }
  auto it = series_.find(series);
  if (it == series_.end()) return nullptr;
  MarkSeen(&it->second);
  Remember(pos, &it->first, &it->second);
  return &it->second;
}

void ScrapeCache::AddRef(std::string_view series, storage::SeriesRef ref, LabelsPtr labels, uint64_t hash,
                         size_t pos) {
  if (ref == 0) return;
  auto [it, inserted] = series_.try_emplace(std::string(series));
  if (inserted || it->second.last_iter != iter_) seen_++;
  it->second = Entry{ref, std::move(labels), hash, iter_};
  Remember(pos, &it->first, &it->second);
}

void ScrapeCache::MarkSeen(Entry* e) {
  if (e->last_iter == iter_) return;
  e->last_iter = iter_;
  seen_++;
}

void ScrapeCache::Remember(size_t pos, const std::string* series, Entry* entry) {
  if (pos == kNoPos) return;
  if (pos >= by_pos_.size()) by_pos_.resize(pos + 1);
  by_pos_[pos] = Slot{series, entry};
}

void ScrapeCache::AddDropped(std::string_view series) {
  auto [it, inserted] = dropped_.try_emplace(std::string(series), iter_);
  if (inserted || it->second != iter_) dropped_seen_++;
  it->second = iter_;
}

bool ScrapeCache::GetDroppedSlow(std::string_view series) {
  auto it = dropped_.find(series);
  if (it == dropped_.end()) return false;
  if (it->second != iter_) dropped_seen_++;
  it->second = iter_;
  return true;
}

bool ScrapeCache::CurrentRepeatsPrevious() {
  if (repeats_ < 0) {
    // The same objects in the same order: the same set, nothing gone.
    repeats_ = std::equal(current_.begin(), current_.end(), previous_order_.begin(), previous_order_.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first && a.second == b.second; });
  }
  return repeats_ == 1;
}

const ScrapeCache::Seen& ScrapeCache::SortedCurrent() {
  if (current_sorted_valid_) return current_sorted_;
  current_sorted_ = current_;
  // A later sighting of the same hash wins, as a map assignment would.
  std::stable_sort(current_sorted_.begin(), current_sorted_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto last = std::unique(current_sorted_.rbegin(), current_sorted_.rend(),
                          [](const auto& a, const auto& b) { return a.first == b.first; });
  current_sorted_.erase(current_sorted_.begin(), last.base());
  current_sorted_valid_ = true;
  return current_sorted_;
}

void ScrapeCache::ForEachStale(const std::function<bool(const Labels&)>& f) {
  if (CurrentRepeatsPrevious()) return;
  const Seen& current = SortedCurrent();
  auto cur = current.begin();
  for (const auto& [hash, labels] : previous_) {
    while (cur != current.end() && cur->first < hash) ++cur;
    if (cur != current.end() && cur->first == hash) continue;
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
    TSDB_ASSERT(seen_ <= series_.size() && dropped_seen_ <= dropped_.size());
    // Walk the maps only when some entry was not seen this iteration.
    if (seen_ < series_.size()) {
      std::erase_if(series_, [&](const auto& kv) { return kv.second.last_iter != iter_; });
      by_pos_.clear();  // some slots may point at erased nodes
    }
    if (dropped_seen_ < dropped_.size()) {
      std::erase_if(dropped_, [&](const auto& kv) { return kv.second != iter_; });
    }
    TSDB_ASSERT(series_.size() == seen_ && dropped_.size() == dropped_seen_);
    iter_++;
    seen_ = 0;
    dropped_seen_ = 0;
  }
  if (!CurrentRepeatsPrevious()) {
    SortedCurrent();
    previous_.swap(current_sorted_);
    previous_order_.swap(current_);
  }
  TSDB_ASSERT(previous_.size() <= previous_order_.size());
  current_.clear();
  current_sorted_.clear();
  current_sorted_valid_ = false;
  repeats_ = -1;
}

}  // namespace tsdb::scrape
