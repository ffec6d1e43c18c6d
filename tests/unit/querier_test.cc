// The querier over blocks we write and a head we fill: matchers, inclusive
// time bounds, label order, merging of overlapping sources (one sample per
// timestamp, the first source's), tombstones, and 2.42's series order for
// a lone head querier.
#include "engine/db/querier.h"

#include <gtest/gtest.h>

#include <bit>
#include <map>

#include "engine/base/clock.h"
#include "engine/block/block_reader.h"
#include "engine/block/block_writer.h"
#include "engine/block/tombstones_file.h"
#include "engine/chunkenc/xor.h"
#include "engine/head/head.h"
#include "engine/head/head_append.h"
#include "support/memory_chunk_mapper.h"
#include "support/temp_dir.h"

namespace tsdb::db {
namespace {

struct Got {
  std::string labels;
  std::vector<std::pair<int64_t, double>> samples;
};

std::vector<Matcher> Sel(std::string_view s) {
  auto r = ParseMatchers(s);
  TSDB_ASSERT(r.ok());
  return std::move(r).value();
}

// One series of a block, its samples in one chunk.
struct SeriesSpec {
  Labels labels;
  std::vector<std::pair<int64_t, double>> samples;
};

class QuerierTest : public ::testing::Test {
 protected:
  QuerierTest() : head_(head::HeadOptions{}, nullptr, &cdm_, &clock_, nullptr) {}

  // Writes a block holding specs (one chunk per series) and opens it.
  const block::BlockReader* AddBlock(const std::string& ulid, int64_t mint, int64_t maxt,
                                     std::vector<SeriesSpec> specs) {
    std::sort(specs.begin(), specs.end(),
              [](const SeriesSpec& a, const SeriesSpec& b) { return a.labels.Compare(b.labels) < 0; });
    std::vector<chunkenc::XorChunk> chunks(specs.size());
    std::vector<block::SeriesData> series;
    for (size_t i = 0; i < specs.size(); i++) {
      for (auto [t, v] : specs[i].samples) chunks[i].Append(t, v);
      series.push_back({specs[i].labels,
                        {{specs[i].samples.front().first, specs[i].samples.back().first, 1, chunks[i].bytes()}}});
    }
    auto id = block::Ulid::Parse(ulid);
    TSDB_ASSERT(id.ok());
    auto res = block::WriteBlock(fs_, dir_.path(), *id, mint, maxt, series);
    TSDB_ASSERT(res.ok() && res->written());
    auto r = block::BlockReader::Open(fs_, res->dir);
    TSDB_ASSERT(r.ok());
    blocks_.push_back(std::move(r).value());
    return blocks_.back().get();
  }

  void HeadAppend(const Labels& l, int64_t t, double v) {
    auto app = head_.Appender();
    ASSERT_TRUE(app->Append(0, l, t, v).ok());
    ASSERT_TRUE(app->Commit().ok());
  }

  std::vector<Got> Query(int64_t mint, int64_t maxt, std::string_view sel, bool with_head,
                         SeriesOrder order = SeriesOrder::kLabels) {
    QuerySources src;
    for (const auto& b : blocks_) src.blocks.push_back(b.get());
    if (with_head) src.head = &head_;
    std::vector<Got> out;
    const Status s = Querier(src, mint, maxt).Select(
        Sel(sel),
        [&](const Labels& l, std::span<const Sample> samples) {
          Got g{l.ToString(), {}};
          for (const Sample& x : samples) g.samples.emplace_back(x.t, x.v);
          out.push_back(std::move(g));
          return Status();
        },
        order);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  tsdb::testing::TempDir dir_;
  PosixFilesystem fs_;
  tsdb::testing::MemoryChunkMapper cdm_;
  ManualClock clock_;
  head::Head head_;
  std::vector<std::unique_ptr<block::BlockReader>> blocks_;
};

const Labels kA = Labels::FromStrings({"__name__", "a", "job", "x"});
const Labels kB = Labels::FromStrings({"__name__", "b", "job", "x"});
const Labels kC = Labels::FromStrings({"__name__", "c"});

using Samples = std::vector<std::pair<int64_t, double>>;

TEST_F(QuerierTest, HeadSeriesInLabelOrderWithInclusiveBounds) {
  for (int64_t t = 0; t < 10; t++) {
    HeadAppend(kB, t * 1000, static_cast<double>(t));
    HeadAppend(kA, t * 1000, static_cast<double>(-t));
  }
  auto got = Query(2000, 4000, "{job=\"x\"}", true);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].labels, kA.ToString());
  EXPECT_EQ(got[0].samples, (Samples{{2000, -2}, {3000, -3}, {4000, -4}}));
  EXPECT_EQ(got[1].labels, kB.ToString());
  EXPECT_EQ(Query(9000, 20000, "b", true).at(0).samples, (Samples{{9000, 9}}));
  EXPECT_TRUE(Query(9001, 20000, "b", true).empty());
  EXPECT_TRUE(Query(-100, -1, "b", true).empty());
}

TEST_F(QuerierTest, MatchersIncludingAbsentLabelsAndRegexAnchoring) {
  HeadAppend(kA, 1000, 1);
  HeadAppend(kB, 1000, 2);
  HeadAppend(kC, 1000, 3);
  const int64_t lo = INT64_MIN, hi = INT64_MAX;
  EXPECT_EQ(Query(lo, hi, "{job=\"\"}", true).size(), 1u);         // only c lacks job
  EXPECT_EQ(Query(lo, hi, "{job=~\"x|\"}", true).size(), 3u);      // "" matches the absent label
  EXPECT_EQ(Query(lo, hi, "{__name__=~\"a\"}", true).size(), 1u);
  EXPECT_EQ(Query(lo, hi, "{__name__=~\"a|b\"}", true).size(), 2u);
  EXPECT_EQ(Query(lo, hi, "{__name__=~\"ab\"}", true).size(), 0u);  // anchored, no substring match
  EXPECT_EQ(Query(lo, hi, "{__name__!~\"a.*\"}", true).size(), 2u);
  EXPECT_EQ(Query(lo, hi, "{}", true).size(), 0u);                  // no matcher selects nothing
}

TEST_F(QuerierTest, BlockSeriesFilteredByPostingsAndTime) {
  AddBlock("01M7Y58916E608TSR6NPPZ45WP", 0, 10000,
           {{kA, {{0, 1}, {5000, 2}, {9999, 3}}}, {kB, {{1000, 4}}}, {kC, {{2000, 5}}}});
  auto got = Query(INT64_MIN, INT64_MAX, "{__name__=\"a\", job=\"x\"}", false);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].samples, (Samples{{0, 1}, {5000, 2}, {9999, 3}}));
  EXPECT_TRUE(Query(INT64_MIN, INT64_MAX, "{__name__=\"a\", job=\"y\"}", false).empty());
  // A series whose chunk overlaps the range but has no sample in it is not reported.
  EXPECT_TRUE(Query(1, 4999, "a", false).empty());
  // Blocks are [minTime, maxTime): a query starting at maxTime skips the block.
  EXPECT_TRUE(Query(10000, 20000, "{job=~\".*\"}", false).empty());
  EXPECT_EQ(Query(9999, 20000, "{job=~\".*\"}", false).size(), 1u);
}

TEST_F(QuerierTest, OverlappingBlocksMergeWithOneSamplePerTimestamp) {
  AddBlock("01M7Y58916E608TSR6NPPZ45WP", 0, 10000, {{kA, {{0, 1}, {2000, 2}, {4000, 3}}}, {kB, {{0, 9}}}});
  AddBlock("01M7Y58EWEJYYZBZK0JE965GV5", 1000, 11000,
           {{kA, {{1000, 10}, {2000, 20}, {3000, 30}, {4000, 40}, {10500, 50}}}, {kC, {{1500, 7}}}});
  auto got = Query(INT64_MIN, INT64_MAX, "{__name__=~\".+\"}", false);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].labels, kA.ToString());
  // Duplicates keep the first source's value (the block with the lower minTime).
  EXPECT_EQ(got[0].samples, (Samples{{0, 1}, {1000, 10}, {2000, 2}, {3000, 30}, {4000, 3}, {10500, 50}}));
  EXPECT_EQ(got[1].labels, kB.ToString());
  EXPECT_EQ(got[2].labels, kC.ToString());
}

TEST_F(QuerierTest, BlockAndHeadMergeAndHeadBoundsFollow242) {
  AddBlock("01M7Y58916E608TSR6NPPZ45WP", 0, 3000, {{kA, {{0, 1}, {1000, 2}, {2000, 3}}}});
  HeadAppend(kA, 2000, 33);  // overlaps the block's last sample
  HeadAppend(kA, 3000, 4);
  HeadAppend(kB, 3000, 5);
  auto got = Query(INT64_MIN, INT64_MAX, "{job=\"x\"}", true);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].samples, (Samples{{0, 1}, {1000, 2}, {2000, 3}, {3000, 4}}));
  EXPECT_EQ(got[1].samples, (Samples{{3000, 5}}));
  // The head is left out when maxt is before its minimum time.
  EXPECT_EQ(Query(INT64_MIN, 1999, "{job=\"x\"}", true).size(), 1u);
}

TEST_F(QuerierTest, TombstonesDeleteSamples) {
  // Series IDs in v2 are offset/16; find a's after writing, then delete.
  AddBlock("01M7Y58916E608TSR6NPPZ45WP", 0, 10000, {{kA, {{0, 1}, {1000, 2}, {2000, 3}, {3000, 4}}}});
  auto p = blocks_.back()->index().Postings("__name__", "a");
  ASSERT_TRUE(p.ok() && p->size() == 1);
  tombstones::MemTombstones stones;
  stones.AddInterval((*p)[0], {1000, 2000});
  const std::string dir = blocks_.back()->dir();
  blocks_.clear();
  ASSERT_TRUE(tombstones::WriteTombstonesFile(fs_, dir, stones).ok());
  auto r = block::BlockReader::Open(fs_, dir);
  ASSERT_TRUE(r.ok());
  blocks_.push_back(std::move(r).value());
  EXPECT_EQ(Query(INT64_MIN, INT64_MAX, "a", false).at(0).samples, (Samples{{0, 1}, {3000, 4}}));
}

TEST_F(QuerierTest, ValuesKeepTheirBits) {
  const double stale = std::bit_cast<double>(uint64_t{0x7ff0000000000002});  // Prometheus's stale NaN
  HeadAppend(kA, 1000, stale);
  HeadAppend(kA, 2000, -0.0);
  auto got = Query(INT64_MIN, INT64_MAX, "a", true);
  ASSERT_EQ(got.at(0).samples.size(), 2u);
  EXPECT_EQ(std::bit_cast<uint64_t>(got[0].samples[0].second), uint64_t{0x7ff0000000000002});
  EXPECT_EQ(std::bit_cast<uint64_t>(got[0].samples[1].second), std::bit_cast<uint64_t>(-0.0));
}

TEST_F(QuerierTest, LoneHeadQuerierKeepsRefOrderWhenAsked) {
  HeadAppend(kC, 1000, 1);  // ref 1
  HeadAppend(kA, 1000, 2);  // ref 2
  auto names = [](const std::vector<Got>& g) {
    std::vector<std::string> n;
    for (const auto& x : g) n.push_back(x.labels);
    return n;
  };
  const std::vector<std::string> ref_order{kC.ToString(), kA.ToString()};
  const std::vector<std::string> label_order{kA.ToString(), kC.ToString()};
  EXPECT_EQ(names(Query(0, 5000, "{__name__=~\".+\"}", true, SeriesOrder::kAsStored)), ref_order);
  EXPECT_EQ(names(Query(0, 5000, "{__name__=~\".+\"}", true)), label_order);
  // 2.42 adds an (empty) out-of-order head querier for the full range: merged, so sorted.
  EXPECT_EQ(names(Query(INT64_MIN, INT64_MAX, "{__name__=~\".+\"}", true, SeriesOrder::kAsStored)),
            label_order);
}

TEST_F(QuerierTest, CallbackErrorStopsTheQuery) {
  HeadAppend(kA, 1000, 1);
  HeadAppend(kB, 1000, 1);
  QuerySources src;
  src.head = &head_;
  int calls = 0;
  const Status s = Querier(src, INT64_MIN, INT64_MAX).Select(Sel("{job=\"x\"}"), [&](const Labels&, auto) {
    calls++;
    return Status::IOError("stdout closed");
  });
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace tsdb::db
