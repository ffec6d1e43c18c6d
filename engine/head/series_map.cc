#include "engine/head/series_map.h"

namespace tsdb::head {

SeriesMap::Slab::~Slab() {
  for (uint64_t i = 0; i < kSlabSeries; i++) {
    if (present.test(i)) at(i)->~MemSeries();
  }
}

MemSeries* SeriesMap::GetByHash(uint64_t hash, const Labels& lset) const {
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return nullptr;
  if (it->second->labels() == lset) return it->second;
  auto range = hash_conflicts_.equal_range(hash);
  for (auto c = range.first; c != range.second; ++c) {
    if (c->second->labels() == lset) return c->second;
  }
  return nullptr;
}

MemSeries* SeriesMap::Add(uint64_t ref, uint64_t hash, Labels lset) {
  TSDB_ASSERT(GetByRef(ref) == nullptr);
  MemSeries* s = nullptr;
  if (ref < kMaxDenseRef) {
    const uint64_t slab = ref / kSlabSeries;
    if (slab >= slabs_.size()) slabs_.resize(slab + 1);
    // new Slab, not make_unique: value-initialising would zero all the storage.
    if (slabs_[slab] == nullptr) slabs_[slab] = std::unique_ptr<Slab>(new Slab);
    Slab& sl = *slabs_[slab];
    s = new (sl.storage[ref % kSlabSeries]) MemSeries(ref, std::move(lset));
    sl.present.set(ref % kSlabSeries);
  } else {
    auto owned = std::make_unique<MemSeries>(ref, std::move(lset));
    s = owned.get();
    sparse_[ref] = std::move(owned);
  }
  if (!by_hash_.emplace(hash, s).second) hash_conflicts_.emplace(hash, s);
  count_++;
  return s;
}

void SeriesMap::Remove(MemSeries* s, uint64_t hash) {
  auto it = by_hash_.find(hash);
  if (it != by_hash_.end() && it->second == s) {
    by_hash_.erase(it);
    // Promote a conflicting series with the same hash, if any.
    auto c = hash_conflicts_.find(hash);
    if (c != hash_conflicts_.end()) {
      by_hash_.emplace(hash, c->second);
      hash_conflicts_.erase(c);
    }
  } else {
    auto range = hash_conflicts_.equal_range(hash);
    for (auto c = range.first; c != range.second; ++c) {
      if (c->second == s) {
        hash_conflicts_.erase(c);
        break;
      }
    }
  }
  const uint64_t ref = s->ref();
  count_--;
  if (ref < kMaxDenseRef) {
    Slab& sl = *slabs_[ref / kSlabSeries];
    sl.at(ref % kSlabSeries)->~MemSeries();
    sl.present.reset(ref % kSlabSeries);
  } else {
    sparse_.erase(ref);
  }
}

void SeriesMap::ForEach(const std::function<void(MemSeries&)>& fn) const {
  for (const auto& slab : slabs_) {
    if (slab == nullptr) continue;
    for (uint64_t i = 0; i < kSlabSeries; i++) {
      if (slab->present.test(i)) fn(*slab->at(i));
    }
  }
  for (const auto& [ref, s] : sparse_) fn(*s);
}

void SeriesMap::Clear() {
  slabs_.clear();
  sparse_.clear();
  by_hash_.clear();
  hash_conflicts_.clear();
  count_ = 0;
}

}  // namespace tsdb::head
