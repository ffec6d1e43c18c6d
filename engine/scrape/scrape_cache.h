// ScrapeCache (2.42's scrapeCache): per scrape loop, the series of earlier
// scrapes keyed by their text as exposed, holding the storage ref and the
// final label set, so a repeated series appends by ref without parsing its
// labels; the series dropped by relabeling; and the hashes of the series
// seen in this and the previous scrape, which decide staleness (§11.3-11.4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/labels/labels.h"
#include "engine/storage/appender.h"

namespace tsdb::scrape {

class ScrapeCache {
 public:
  // Label sets are shared between the cache and the staleness lists: a
  // scrape tracks every series it sees, and copying each set would cost
  // an allocation per sample.
  using LabelsPtr = std::shared_ptr<const Labels>;

  struct Entry {
    storage::SeriesRef ref = 0;
    LabelsPtr labels;   // after target labels: what the storage got
    uint64_t hash = 0;  // of the labels as exposed
    uint64_t last_iter = 0;
  };

  // A hit marks the entry as seen in this iteration. `pos` is the series'
  // index in its page: a target exposes the same series in the same order
  // scrape after scrape, so the entry found at that index last time is
  // compared first, which spares hashing the text (kNoPos: hash only).
  static constexpr size_t kNoPos = SIZE_MAX;
  const Entry* Get(std::string_view series, size_t pos = kNoPos);
  // Refs of 0 are never cached (2.42's addRef).
  void AddRef(std::string_view series, storage::SeriesRef ref, LabelsPtr labels, uint64_t hash,
              size_t pos = kNoPos);
  void AddDropped(std::string_view series);
  bool GetDropped(std::string_view series) {
    return !dropped_.empty() && GetDroppedSlow(series);  // usually empty: no hashing
  }

  void TrackStaleness(uint64_t hash, LabelsPtr labels) {
    current_.emplace_back(hash, std::move(labels));
    repeats_ = -1;
    current_sorted_valid_ = false;
  }
  // Calls f for every series of the previous scrape missing from this one,
  // in hash order (2.42 walks a Go map: any order; ours is fixed), until f
  // returns false.
  void ForEachStale(const std::function<bool(const Labels&)>& f);

  // End of a scrape's append: a non-empty page (flush) drops entries not
  // seen this time; so does a cache grown past 2 x the last good size +
  // 1000. Then this scrape's series become the previous ones.
  void IterDone(bool flush);

  size_t size() const { return series_.size(); }
  size_t dropped_size() const { return dropped_.size(); }
  uint64_t iteration() const { return iter_; }
  uint64_t forced_flushes() const { return forced_flushes_; }
  // Series of the last scrape that completed, for end-of-run staleness.
  size_t previous_size() const { return previous_.size(); }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  // Only looked up and pruned, never walked to produce output: the hash
  // order of these maps cannot reach a trace.
  StringMap<Entry> series_;
  StringMap<uint64_t> dropped_;  // -> last iteration seen
  // Where each page position's entry was last found. Map nodes never move,
  // so these stay valid until an entry is erased (then all are dropped).
  struct Slot {
    const std::string* series = nullptr;
    Entry* entry = nullptr;
  };
  bool GetDroppedSlow(std::string_view series);
  void Remember(size_t pos, const std::string* series, Entry* entry);
  void MarkSeen(Entry* e);
  // Entries of each map seen in the current iteration: when they are all
  // of it, a flush has nothing to erase.
  size_t seen_ = 0;
  size_t dropped_seen_ = 0;
  std::vector<Slot> by_pos_;

  // Staleness: (hash, labels) of the series seen, in page order, this scrape
  // (current_) and the last (previous_order_), and the last as a set sorted
  // by hash (previous_). A scrape that repeats the last one exactly -- the
  // usual case -- has no stale series and leaves previous_ as it is.
  using Seen = std::vector<std::pair<uint64_t, LabelsPtr>>;
  bool CurrentRepeatsPrevious();
  const Seen& SortedCurrent();
  Seen current_;
  Seen current_sorted_;
  bool current_sorted_valid_ = false;
  int repeats_ = -1;  // CurrentRepeatsPrevious() of this scrape, once known
  Seen previous_order_;
  Seen previous_;
  uint64_t iter_ = 0;
  size_t successful_count_ = 0;
  uint64_t forced_flushes_ = 0;
};

}  // namespace tsdb::scrape
