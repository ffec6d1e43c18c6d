#include "engine/base/assert.h"

#include <cstdio>
#include <cstdlib>

namespace tsdb {
void AssertionFailed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, expr);
  std::abort();
}
}  // namespace tsdb
