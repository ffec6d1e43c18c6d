// Always-on assertions for preconditions and invariants (TigerBeetle style).
// A failed assertion is a bug in tsdbsim, never a reaction to bad input:
// bad input gets a Status.
#pragma once

namespace tsdb {
[[noreturn]] void AssertionFailed(const char* expr, const char* file, int line);
}  // namespace tsdb

#define TSDB_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::tsdb::AssertionFailed(#cond, __FILE__, __LINE__))
