#include "sim/targets/synthetic_faults.h"

#include <algorithm>

#include "engine/base/assert.h"

namespace tsdbsim {

SyntheticFaults::SyntheticFaults(const SyntheticTargetSpec* spec, Rng* root)
    : spec_(spec), latency_(root->Fork(1)), timeout_(root->Fork(2)), http_(root->Fork(3)),
      malformed_(root->Fork(4)) {}

FaultDecision SyntheticFaults::Decide(uint64_t scrape_number, int64_t now_ms, size_t samples_per_page) {
  const SyntheticTargetSpec& s = *spec_;
  FaultDecision d;
  // Every stream draws the same amount each scrape whatever the others
  // decided, so one fault's outcome never shifts another's.
  d.latency_ms = s.latency_ms;
  if (s.latency_jitter_ms > 0) d.latency_ms += latency_.Range(0, s.latency_jitter_ms);
  d.timed_out = EveryNth(s.timeout_every_nth, scrape_number) ||
                (s.timeout_ppm > 0 && timeout_.ChancePpm(s.timeout_ppm));
  if (d.timed_out) d.latency_ms = std::max(d.latency_ms, s.timeout_latency_ms);
  d.http_error = EveryNth(s.http_error_every_nth, scrape_number) ||
                 (s.http_error_ppm > 0 && http_.ChancePpm(s.http_error_ppm));
  d.malformed = EveryNth(s.malformed_every_nth, scrape_number) ||
                (s.malformed_ppm > 0 && malformed_.ChancePpm(s.malformed_ppm));
  if (d.malformed && samples_per_page > 0) {
    d.malformed_sample = static_cast<size_t>(malformed_.Below(samples_per_page));
    d.malformed_kind = s.malformed_kind;
    if (d.malformed_kind == MalformedKind::kEither) {
      d.malformed_kind = malformed_.Below(2) == 0 ? MalformedKind::kBadValue
                                                  : MalformedKind::kUnterminatedLabelValue;
    }
  } else {
    d.malformed = false;
  }
  for (const DownWindow& w : s.down) {
    if (now_ms >= w.from_ms && now_ms < w.until_ms) d.refused = true;
  }
  return d;
}

size_t InjectMalformedLine(std::string* body, size_t sample_index, MalformedKind kind) {
  size_t line_no = 0, seen = 0, pos = 0;
  while (pos < body->size()) {
    size_t end = body->find('\n', pos);
    if (end == std::string::npos) end = body->size();
    line_no++;
    if ((*body)[pos] != '#' && end > pos) {
      if (seen == sample_index) {
        if (kind == MalformedKind::kBadValue) {
          // `17x` is no float; nor is `+Infx` or `1e+06x`.
          body->insert(end, 1, 'x');
        } else {
          // The last quote closes the last label value (values are escaped,
          // so an inner quote is never the last one); without it the value
          // runs on into the next lines.
          const size_t q = body->rfind('"', end);
          TSDB_ASSERT(q != std::string::npos && q > pos);
          body->erase(q, 1);
        }
        return line_no;
      }
      seen++;
    }
    pos = end + 1;
  }
  TSDB_ASSERT(false && "fewer sample lines than sample_index");
  return 0;
}

const char* HttpStatusText(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

}  // namespace tsdbsim
