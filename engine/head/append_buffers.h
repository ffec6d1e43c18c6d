// The buffers of one HeadAppender. The head keeps one set between appenders
// so a scrape's appender reuses the memory of the one before it instead of
// growing fresh vectors (and faulting in fresh pages) every time.
#pragma once

#include <vector>

#include "engine/record/record.h"

namespace tsdb::head {

class MemSeries;

struct AppendBuffers {
  std::vector<record::RefSeries> series;  // created by this appender
  std::vector<record::RefSample> samples;
  std::vector<MemSeries*> sample_series;  // samples[i]'s series
  // Scratch for encoding WAL records; not cleared between appenders, so the
  // samples encoder reuses its room (record::EncodeSamplesInto).
  Bytes record;

  void Clear() {
    series.clear();
    samples.clear();
    sample_series.clear();
  }
};

}  // namespace tsdb::head
