#include "engine/head/series_map.h"

#include <algorithm>

namespace tsdb::head {

SeriesMap::Slab::~Slab() {
  for (uint64_t i = 0; i < kSlabSeries; i++) {
    if (present.test(i)) at(i)->~MemSeries();
  }
}

MemSeries* SeriesMap::GetByHash(uint64_t hash, const Labels& lset) const {
  if (by_hash_.empty()) return nullptr;
  const size_t mask = by_hash_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const HashSlot& slot = by_hash_[i];
    if (slot.series == nullptr) return nullptr;
    if (slot.hash == hash && slot.series->labels() == lset) return slot.series;
  }
}

void SeriesMap::InsertHash(uint64_t hash, MemSeries* s) {
  if (2 * (count_ + 1) > by_hash_.size()) GrowHashIndex();
  const size_t mask = by_hash_.size() - 1;
  size_t i = hash & mask;
  while (by_hash_[i].series != nullptr) i = (i + 1) & mask;
  by_hash_[i] = {hash, s};
}

void SeriesMap::GrowHashIndex() {
  constexpr size_t kMinSlots = 64;
  std::vector<HashSlot> old = std::move(by_hash_);
  by_hash_.assign(std::max(kMinSlots, 2 * old.size()), HashSlot{});
  const size_t mask = by_hash_.size() - 1;
  for (const HashSlot& slot : old) {
    if (slot.series == nullptr) continue;
    size_t i = slot.hash & mask;
    while (by_hash_[i].series != nullptr) i = (i + 1) & mask;
    by_hash_[i] = slot;
  }
}

void SeriesMap::EraseHash(uint64_t hash, const MemSeries* s) {
  if (by_hash_.empty()) return;
  const size_t mask = by_hash_.size() - 1;
  size_t hole = hash & mask;
  while (by_hash_[hole].series != s) {
    if (by_hash_[hole].series == nullptr) return;  // not indexed under this hash
    hole = (hole + 1) & mask;
  }
  // Backward-shift deletion keeps every later entry of the run reachable
  // from its home slot: an entry moves into the hole when the hole lies
  // between its home and where it sits (cyclically).
  for (size_t j = (hole + 1) & mask; by_hash_[j].series != nullptr; j = (j + 1) & mask) {
    const size_t home = by_hash_[j].hash & mask;
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      by_hash_[hole] = by_hash_[j];
      hole = j;
    }
  }
  by_hash_[hole] = HashSlot{};
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
  InsertHash(hash, s);
  count_++;
  return s;
}

void SeriesMap::Remove(MemSeries* s, uint64_t hash) {
  EraseHash(hash, s);
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
  count_ = 0;
}

}  // namespace tsdb::head
