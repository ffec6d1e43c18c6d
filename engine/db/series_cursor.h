// One source's side of a query (internal to Querier): the matching series
// of one block or of the head, in label order, one at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/base/status.h"
#include "engine/db/querier.h"
#include "engine/labels/labels.h"
#include "engine/labels/matcher.h"

namespace tsdb::db {

class SeriesCursor {
 public:
  virtual ~SeriesCursor() = default;
  // Moves to the next matching series that has a chunk in range. False at
  // the end or on error (then status() says which).
  virtual bool Next() = 0;
  virtual const Labels& labels() const = 0;
  // Appends the current series' samples in [mint, maxt], in chunk order.
  virtual Status AppendSamples(std::vector<Sample>* out) = 0;
  virtual const Status& status() const = 0;
};

Result<std::unique_ptr<SeriesCursor>> NewBlockSeriesCursor(const block::BlockReader& b,
                                                           const std::vector<Matcher>& matchers,
                                                           int64_t mint, int64_t maxt);

// 2.42's RangeHead: chunks are chosen over [max(mint, head.MinTime()), maxt]
// and their samples trimmed to [mint, maxt]. Series come in label order, or
// in ref order (the head's postings order) when sorted is false.
std::unique_ptr<SeriesCursor> NewHeadSeriesCursor(const head::Head& h, const std::vector<Matcher>& matchers,
                                                  int64_t mint, int64_t maxt, bool sorted);

}  // namespace tsdb::db
