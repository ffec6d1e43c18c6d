// SeriesMap: the head's series by ref and by label hash (2.42's
// stripeSeries without the stripes: the engine is single-threaded).
//
// Refs come from a counter, so they are dense: slabs indexed by ref are the
// fast path (every append and every replayed sample looks a series up).
// Series live in the slabs themselves, at a constant stride in ref order, so
// the CPU's prefetcher can run ahead of a scrape that walks its series in
// order; their addresses never change. Refs far beyond the counter (only
// from a corrupt or foreign WAL) go to an overflow map. Iteration is always
// in ref order, never in hash-map order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <array>
#include <bitset>
#include <map>
#include <optional>
#include <memory>
#include <new>
#include <vector>

#include "engine/head/mem_series.h"

namespace tsdb::head {

class SeriesMap {
 public:
  MemSeries* GetByRef(uint64_t ref) const {
    if (ref < kMaxDenseRef) {
      const uint64_t slab = ref / kSlabSeries;
      if (slab >= slabs_.size() || slabs_[slab] == nullptr) return nullptr;
      Slab& sl = *slabs_[slab];
      const uint64_t i = ref % kSlabSeries;
      // The bitset says whether the slot is used: one cache line for a
      // whole slab rather than one per series.
      return sl.present.test(i) ? sl.at(i) : nullptr;
    }
    auto it = sparse_.find(ref);
    return it == sparse_.end() ? nullptr : it->second.get();
  }
  MemSeries* GetByHash(uint64_t hash, const Labels& lset) const;

  // Adds a series whose ref and labels are not in the map yet.
  MemSeries* Add(uint64_t ref, uint64_t hash, Labels lset);
  // Removes a series (GC); its ref is never reused.
  void Remove(MemSeries* s, uint64_t hash);

  size_t size() const { return count_; }
  // Calls fn for every series in ascending ref order.
  void ForEach(const std::function<void(MemSeries&)>& fn) const;
  void Clear();

 private:
  static constexpr uint64_t kMaxDenseRef = uint64_t{1} << 26;
  static constexpr uint64_t kSlabSeries = 1024;
  // Series constructed in place; `present` tells which slots hold one. Raw
  // storage rather than optional<MemSeries>, whose flag would pad every
  // cache-line-aligned series by a whole line.
  struct Slab {
    Slab() = default;
    Slab(const Slab&) = delete;
    Slab& operator=(const Slab&) = delete;
    ~Slab();
    MemSeries* at(uint64_t i) { return std::launder(reinterpret_cast<MemSeries*>(storage[i])); }

    std::bitset<kSlabSeries> present;
    alignas(MemSeries) std::byte storage[kSlabSeries][sizeof(MemSeries)];
  };

  // The label-hash index: open addressing with linear probing over a
  // power-of-two table at most half full. A lookup reads one slot (hash and
  // series side by side) where a node-based map reads a bucket and then a
  // node; series whose hashes collide simply take further slots.
  struct HashSlot {
    uint64_t hash = 0;
    MemSeries* series = nullptr;  // null: empty
  };
  void InsertHash(uint64_t hash, MemSeries* s);
  void EraseHash(uint64_t hash, const MemSeries* s);
  void GrowHashIndex();

  std::vector<std::unique_ptr<Slab>> slabs_;  // allocated on first use
  std::map<uint64_t, std::unique_ptr<MemSeries>> sparse_;
  // Lookups only: never iterated, so its order cannot leak into results.
  std::vector<HashSlot> by_hash_;
  size_t count_ = 0;
};

}  // namespace tsdb::head
