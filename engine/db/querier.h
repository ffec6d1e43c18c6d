// Querier: the series of a data directory's blocks and head that match a
// set of label matchers, with their samples in [mint, maxt] (2.42's
// DB.Querier + storage.NewMergeQuerier with ChainedSeriesMerge).
//
// Series come out once per label set, in label order (labels.Compare)
// unless SeriesOrder says otherwise, whatever source holds them; their
// samples are sorted by time. Where
// sources overlap (overlapping blocks, or a head whose mmapped chunks reach
// into the newest block), one sample per timestamp is kept: 2.42 keeps an
// arbitrary one, we keep the one from the first source in source order
// (blocks by minTime, then the head). Block tombstones are applied.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "engine/base/status.h"
#include "engine/labels/labels.h"
#include "engine/labels/matcher.h"

namespace tsdb::block {
class BlockReader;
}
namespace tsdb::head {
class Head;
}

namespace tsdb::db {

struct Sample {
  int64_t t = 0;
  double v = 0;
};

// Called once per selected label set; a non-OK status stops the query and
// is returned by Select unchanged.
using SeriesCallback = std::function<Status(const Labels&, std::span<const Sample>)>;

// Series order of Select.
enum class SeriesOrder : unsigned char {
  kLabels,  // always label order
  // 2.42's Select(sortSeries=false), which promtool's dump uses: when one
  // querier alone serves the query its own order is kept, and the head's is
  // series ref order (creation order); with several, the merge sorts.
  kAsStored,
};

struct QuerySources {
  std::vector<const block::BlockReader*> blocks;  // ascending minTime
  const head::Head* head = nullptr;               // none when null
};

class Querier {
 public:
  // mint and maxt are inclusive. Blocks are read when [minTime, maxTime)
  // meets [mint, maxt]; the head when maxt >= its MinTime(), as in 2.42.
  // 2.42 also opens an out-of-order head querier when [mint, maxt] meets
  // the head's out-of-order range, which for a head without out-of-order
  // samples is [MaxInt64, MinInt64]: only the full range meets it. It
  // reads nothing but counts as a querier (see SeriesOrder::kAsStored).
  Querier(QuerySources sources, int64_t mint, int64_t maxt)
      : sources_(std::move(sources)), mint_(mint), maxt_(maxt) {}

  // Streams every label set with at least one sample in range that all
  // matchers match (none when the list is empty, as in 2.42). Errors name
  // the block or head chunk that could not be read.
  Status Select(const std::vector<Matcher>& matchers, const SeriesCallback& fn,
                SeriesOrder order = SeriesOrder::kLabels) const;

 private:
  QuerySources sources_;
  int64_t mint_;
  int64_t maxt_;
};

}  // namespace tsdb::db
