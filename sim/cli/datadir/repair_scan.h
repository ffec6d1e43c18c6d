// Counting what a WAL segment holds for `tsdbsim repair`: records and
// samples, read as replay reads them and then on past the first error by
// resynchronising at page boundaries.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/base/coding.h"
#include "engine/base/status.h"

namespace tsdbsim::repair {

using tsdb::ByteView;
using tsdb::Bytes;

// Per-series upper bound of the m-mapped chunks left in chunks_head/: replay
// skips WAL samples at or below it, so such samples are not lost.
using MmapMaxTime = std::unordered_map<uint64_t, int64_t>;

struct Tally {
  int64_t records = 0;
  int64_t series = 0;         // entries of series records
  int64_t sample_records = 0;
  int64_t samples = 0;        // float samples
  int64_t other_records = 0;  // tombstones, exemplars, metadata, histograms, unknown
  // Of the samples: older than the newest block (replay skips them), at or
  // below the series' m-mapped chunks (replay skips them too), the rest.
  int64_t samples_below_blocks = 0;
  int64_t samples_in_mmapped = 0;
  int64_t samples_head = 0;

  void Add(const Tally& o) {
    records += o.records;
    series += o.series;
    sample_records += o.sample_records;
    samples += o.samples;
    other_records += o.other_records;
    samples_below_blocks += o.samples_below_blocks;
    samples_in_mmapped += o.samples_in_mmapped;
    samples_head += o.samples_head;
  }
  void Sub(const Tally& o) {
    records -= o.records;
    series -= o.series;
    sample_records -= o.sample_records;
    samples -= o.samples;
    other_records -= o.other_records;
    samples_below_blocks -= o.samples_below_blocks;
    samples_in_mmapped -= o.samples_in_mmapped;
    samples_head -= o.samples_head;
  }
};

struct Classifier {
  int64_t min_valid_time = std::numeric_limits<int64_t>::min();
  const MmapMaxTime* mmapped = nullptr;
};

// Decodes a record as replay does (series, samples and tombstones are
// decoded; a decode error is corruption) and counts it.
tsdb::Status CountRecord(ByteView rec, const Classifier& cls, Tally* t);

// One WAL segment read as replay reads it, then on past the first error.
struct SegmentScan {
  Tally readable;                    // records read before the first error
  std::optional<std::string> error;  // the first error, as 2.42 words it
  int64_t error_offset = 0;
  Tally resynced;                    // records read after it, by resynchronising
  int resyncs = 0;                   // page boundaries reading restarted at
  // Bytes passed over: from the end of the last record read before an error
  // to where reading restarted (or the end of the file). Records in them
  // cannot be counted.
  int64_t unreadable_bytes = 0;
};

SegmentScan ScanSegment(ByteView seg, int index, const std::string& dir, const Classifier& cls);

}  // namespace tsdbsim::repair
