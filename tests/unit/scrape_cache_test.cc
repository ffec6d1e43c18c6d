// ScrapeCache: the page-position fast path finds what the hash lookup finds,
// and the staleness shortcut for a repeated scrape gives the same stale set
// as the sorted comparison.
#include "engine/scrape/scrape_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace tsdb::scrape {
namespace {

ScrapeCache::LabelsPtr L(const std::string& name) {
  return std::make_shared<const Labels>(Labels::FromStrings({"__name__", name}));
}

std::vector<std::string> Stale(ScrapeCache& c) {
  std::vector<std::string> out;
  c.ForEachStale([&](const Labels& l) {
    out.emplace_back(l.Get("__name__"));
    return true;
  });
  return out;
}

// One scrape: the series in page order, each looked up by position and
// added when missing; returns how many were cache hits.
int Scrape(ScrapeCache& c, const std::vector<std::string>& page, std::vector<std::string>* stale = nullptr) {
  int hits = 0;
  for (size_t pos = 0; pos < page.size(); pos++) {
    const ScrapeCache::Entry* e = c.Get(page[pos], pos);
    if (e != nullptr) {
      hits++;
      EXPECT_EQ(e->labels->Get("__name__"), page[pos]);
      c.TrackStaleness(e->hash, e->labels);
      continue;
    }
    auto labels = L(page[pos]);
    const uint64_t hash = labels->Hash();
    c.TrackStaleness(hash, labels);
    c.AddRef(page[pos], pos + 100, labels, hash, pos);
  }
  if (stale != nullptr) *stale = Stale(c);
  c.IterDone(true);
  return hits;
}

TEST(ScrapeCache, PositionHitsMatchHashLookups) {
  ScrapeCache c;
  EXPECT_EQ(Scrape(c, {"a", "b", "c"}), 0);
  EXPECT_EQ(Scrape(c, {"a", "b", "c"}), 3);
  // Reordered and shifted pages: every position misses, the hash finds them.
  EXPECT_EQ(Scrape(c, {"c", "a", "b"}), 3);
  EXPECT_EQ(Scrape(c, {"x", "c", "a", "b"}), 3);
  const ScrapeCache::Entry* e = c.Get("b", 0);  // position 0 holds "x" now
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->labels->Get("__name__"), "b");
  EXPECT_EQ(c.Get("nope", 1), nullptr);
  EXPECT_EQ(c.Get("nope"), nullptr);
}

TEST(ScrapeCache, ErasedEntriesAreNeverFoundByPosition) {
  ScrapeCache c;
  Scrape(c, {"a", "b", "c"});
  Scrape(c, {"a", "c"});  // flush: b is erased
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(c.Get("b", 1), nullptr);
  EXPECT_EQ(c.Get("b"), nullptr);
  EXPECT_EQ(Scrape(c, {"a", "b", "c"}), 2);
}

TEST(ScrapeCache, RepeatedScrapeHasNoStaleSeries) {
  ScrapeCache c;
  std::vector<std::string> stale;
  Scrape(c, {"a", "b", "c"}, &stale);
  EXPECT_TRUE(stale.empty());
  Scrape(c, {"a", "b", "c"}, &stale);
  EXPECT_TRUE(stale.empty());
  Scrape(c, {"a", "c"}, &stale);
  EXPECT_EQ(stale, std::vector<std::string>{"b"});
  // The previous scrape is now {a, c}: a repeat of it, then a change.
  Scrape(c, {"a", "c"}, &stale);
  EXPECT_TRUE(stale.empty());
  Scrape(c, {"d"}, &stale);
  std::sort(stale.begin(), stale.end());
  EXPECT_EQ(stale, (std::vector<std::string>{"a", "c"}));
  // The same set in another order is not a repeat, and has nothing stale.
  Scrape(c, {"d", "e"}, &stale);
  Scrape(c, {"e", "d"}, &stale);
  EXPECT_TRUE(stale.empty());
  Scrape(c, {"e"}, &stale);
  EXPECT_EQ(stale, std::vector<std::string>{"d"});
}

TEST(ScrapeCache, DroppedSeriesAreRemembered) {
  ScrapeCache c;
  EXPECT_FALSE(c.GetDropped("x"));
  c.AddDropped("x");
  EXPECT_TRUE(c.GetDropped("x"));
  EXPECT_FALSE(c.GetDropped("y"));
  c.IterDone(true);
  EXPECT_TRUE(c.GetDropped("x"));  // seen in the iteration that ended
  c.IterDone(true);
  c.IterDone(true);
  EXPECT_FALSE(c.GetDropped("x"));
}

}  // namespace
}  // namespace tsdb::scrape
