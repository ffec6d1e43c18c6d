// The storage interfaces of Prometheus's storage package: an Appendable
// hands out Appenders; an Appender buffers samples until Commit. The DB, the
// fanout and the simulator's remote-write receiver all implement them, and
// the scrape loop only ever talks to these.
#pragma once

#include <cstdint>
#include <memory>

#include "engine/base/status.h"
#include "engine/labels/labels.h"

namespace tsdb::storage {

// A series reference handed out by the primary storage; 0 means "unknown,
// look the series up by its labels".
using SeriesRef = uint64_t;

class Appender {
 public:
  virtual ~Appender() = default;
  // Errors use StatusCode: kOutOfOrder, kOutOfBounds, kDuplicate (sample
  // dropped, the scrape goes on), kInvalidArgument (bad labels), others.
  virtual Result<SeriesRef> Append(SeriesRef ref, const Labels& labels, int64_t t_ms, double v) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

class Appendable {
 public:
  virtual ~Appendable() = default;
  virtual std::unique_ptr<storage::Appender> Appender() = 0;
};

}  // namespace tsdb::storage
