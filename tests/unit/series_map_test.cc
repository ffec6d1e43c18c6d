// SeriesMap: lookups by ref and by label hash stay right through adds,
// removals and index growth, including hashes that collide entirely or only
// in their low bits (the index probes from the low bits).
#include "engine/head/series_map.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace tsdb::head {
namespace {

Labels SeriesLabels(uint64_t i) { return Labels::FromStrings({"__name__", "m", "i", std::to_string(i)}); }

// Hashes that crowd the index: whole collisions, equal low bits, and spread.
uint64_t CrowdedHash(uint64_t i) {
  switch (i % 3) {
    case 0: return 42;                       // the same hash for a third of the series
    case 1: return (i << 32) | 7;            // equal low bits
    default: return i * 0x9E3779B97F4A7C15;  // spread
  }
}

struct Entry {
  uint64_t ref;
  uint64_t hash;
  uint64_t label_id;
  bool live;
};

void ExpectConsistent(const SeriesMap& m, const std::vector<Entry>& entries) {
  size_t live = 0;
  for (const Entry& e : entries) {
    const Labels l = SeriesLabels(e.label_id);
    MemSeries* by_hash = m.GetByHash(e.hash, l);
    MemSeries* by_ref = m.GetByRef(e.ref);
    if (e.live) {
      live++;
      ASSERT_NE(by_ref, nullptr) << e.ref;
      EXPECT_EQ(by_hash, by_ref) << e.ref;
      EXPECT_EQ(by_ref->labels(), l);
    } else {
      EXPECT_EQ(by_ref, nullptr) << e.ref;
    }
  }
  EXPECT_EQ(m.size(), live);
}

TEST(SeriesMap, CollidingHashesSurviveAddsRemovalsAndGrowth) {
  SeriesMap m;
  std::vector<Entry> entries;
  uint64_t next_ref = 1;
  for (uint64_t i = 0; i < 3000; i++) {
    entries.push_back({next_ref, CrowdedHash(i), i, true});
    m.Add(next_ref++, CrowdedHash(i), SeriesLabels(i));
  }
  ExpectConsistent(m, entries);
  // The right hash with other labels, and unknown hashes, find nothing.
  EXPECT_EQ(m.GetByHash(42, SeriesLabels(1)), nullptr);
  EXPECT_EQ(m.GetByHash(12345, SeriesLabels(0)), nullptr);

  // Remove in an order that punches holes in the middle of probe runs.
  uint64_t state = 1;
  for (int round = 0; round < 3; round++) {
    for (Entry& e : entries) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      if (e.live && (state >> 61) < 3) {
        m.Remove(m.GetByRef(e.ref), e.hash);
        e.live = false;
      }
    }
    ExpectConsistent(m, entries);
    // Removed label sets come back under new refs (refs are never reused).
    for (size_t k = 0, n = entries.size(); k < n; k++) {
      if (entries[k].live || k % 2 != 0) continue;
      const uint64_t id = entries[k].label_id;
      if (m.GetByHash(entries[k].hash, SeriesLabels(id)) != nullptr) continue;
      entries.push_back({next_ref, entries[k].hash, id, true});
      m.Add(next_ref++, entries[k].hash, SeriesLabels(id));
    }
    ExpectConsistent(m, entries);
  }

  std::vector<uint64_t> refs;
  m.ForEach([&](MemSeries& s) { refs.push_back(s.ref()); });
  EXPECT_TRUE(std::is_sorted(refs.begin(), refs.end()));
  EXPECT_EQ(refs.size(), m.size());
  m.Clear();
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.GetByHash(42, SeriesLabels(0)), nullptr);
}

}  // namespace
}  // namespace tsdb::head
