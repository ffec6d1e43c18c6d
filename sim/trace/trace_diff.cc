#include "sim/trace/trace_diff.h"

#include "sim/trace/trace_text.h"

namespace tsdbsim {

TraceDiff DiffTraces(std::span<const TraceRecord> a, std::span<const TraceRecord> b) {
  TraceDiff d;
  d.size_a = a.size();
  d.size_b = b.size();
  d.hash_a = TraceHash(a);
  d.hash_b = TraceHash(b);
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) i++;
  if (i == a.size() && i == b.size()) return d;
  d.identical = false;
  d.index = i;
  if (i < a.size()) d.line_a = FormatTraceLine(a[i], a.front().t_ms);
  if (i < b.size()) d.line_b = FormatTraceLine(b[i], b.front().t_ms);
  return d;
}

}  // namespace tsdbsim
