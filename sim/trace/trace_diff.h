// Where two traces first part: the question a failed regression run asks
// (`tsdbsim diff-trace A B`). Records are compared exactly, so two text
// files that differ only in column padding are the same trace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "sim/trace/trace_record.h"

namespace tsdbsim {

struct TraceDiff {
  bool identical = true;
  // The first record that differs, 0-based; when one trace is a prefix of
  // the other, the first record of the longer one's tail.
  size_t index = 0;
  // Its canonical lines; empty on the side that has ended.
  std::string line_a;
  std::string line_b;
  size_t size_a = 0;
  size_t size_b = 0;
  uint64_t hash_a = 0;
  uint64_t hash_b = 0;
};

TraceDiff DiffTraces(std::span<const TraceRecord> a, std::span<const TraceRecord> b);

}  // namespace tsdbsim
