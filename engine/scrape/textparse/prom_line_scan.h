// Scans of the text parser's one-pass line readers that look at sixteen
// bytes a step with SSE2 (every x86-64 has it), for the long runs of a common
// line: metric names and HELP text. Each gives exactly its byte-at-a-time
// loop's answer, which runs where SSE2 is missing and for the last bytes of
// the page. As with SkipRunInLine, a '\n' of the page at or after i ends
// every scan, and `size` is the page's size, never read past.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/scrape/textparse/prom_byte_class.h"

namespace tsdb::scrape::prom_class {

#if defined(__SSE2__)
namespace simd {

// 0xFF where lo <= byte <= lo + span (unsigned), else 0.
inline __m128i InRange(__m128i x, char lo, char span) {
  const __m128i d = _mm_sub_epi8(x, _mm_set1_epi8(lo));
  return _mm_cmpeq_epi8(_mm_subs_epu8(d, _mm_set1_epi8(span)), _mm_setzero_si128());
}

// Bit k set when byte k of p[0, 16) is a metric name byte [a-zA-Z0-9_:].
inline unsigned MetricCharMask(const uint8_t* p) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Or-ing 0x20 maps 'A'..'Z' onto 'a'..'z' and nothing else into them.
  const __m128i alpha = InRange(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z' - 'a');
  const __m128i digit_colon = InRange(x, '0', ':' - '0');
  const __m128i underscore = _mm_cmpeq_epi8(x, _mm_set1_epi8('_'));
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit_colon), underscore)));
}

// Bit k set when byte k of p[0, 16) is a newline, a backslash or >= 0x80.
inline unsigned HelpStopMask(const uint8_t* p) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i nl = _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'));
  const __m128i bs = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(nl, bs), x)));
}

// Bit k set when byte k of a[0, 16) equals byte k of b[0, 16).
inline uint32_t SameBytes(const uint8_t* a, const uint8_t* b) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a));
  const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)));
}

}  // namespace simd
#endif

// SkipRunInLine(p, i, kMetricChar). Out of line: the common line repeats
// the last name (MetricNameEnd) and needs no scan.
[[gnu::noinline]] inline size_t SkipMetricCharsInLine(const uint8_t* p, size_t i, size_t size) {
#if defined(__SSE2__)
  for (; i + 16 <= size; i += 16) {
    const unsigned stop = ~simd::MetricCharMask(p + i) & 0xFFFFu;
    if (stop != 0) return i + static_cast<size_t>(std::countr_zero(stop));
  }
#endif
  (void)size;
  return SkipRunInLine(p, i, kMetricChar);
}

// The end of the metric name that starts at i (p[i] starts a name), given
// the page's last name read, [last, last + last_len), which came before i:
// metric names come in families of lines, so it is checked first. If the
// bytes at i are those and the byte after them is no name byte, the run of
// name bytes ends there (they are name bytes, so none is the newline and
// the byte after them is inside the page). Otherwise the name is scanned.
inline size_t MetricNameEnd(const uint8_t* p, size_t i, size_t size, size_t last, size_t last_len) {
#if defined(__SSE2__)
  // Up to 32 bytes in two compares of 16; i + 32 <= size keeps both loads
  // inside the page (last < i).
  if (last_len != 0 && last_len <= 32 && i + 32 <= size) {
    const uint32_t same =
        simd::SameBytes(p + i, p + last) | (simd::SameBytes(p + i + 16, p + last + 16) << 16);
    // countr_zero(~same): how many bytes from i on equal the last name's.
    if (static_cast<size_t>(std::countr_zero(~same)) >= last_len &&
        (kTable.bits[p[i + last_len]] & kMetricChar) == 0) {
      return i + last_len;
    }
  }
#else
  (void)last;
  (void)last_len;
#endif
  return SkipMetricCharsInLine(p, i + 1, size);
}

// The first index at or after i whose byte is a newline, a backslash or
// not ASCII: the end of a HELP text that needs neither unescaping nor a
// UTF-8 check when it is the newline.
inline size_t FindHelpStopInLine(const uint8_t* p, size_t i, size_t size) {
#if defined(__SSE2__)
  for (; i + 16 <= size; i += 16) {
    const unsigned stop = simd::HelpStopMask(p + i);
    if (stop != 0) return i + static_cast<size_t>(std::countr_zero(stop));
  }
#endif
  (void)size;
  while (p[i] != '\n' && p[i] != '\\' && p[i] < 0x80) i++;
  return i;
}

}  // namespace tsdb::scrape::prom_class
