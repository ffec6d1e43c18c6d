// printf into a std::string, for the short error messages that copy
// Prometheus's wording.
#pragma once

#include <cstdio>
#include <string>

namespace tsdb {

template <typename... Args>
std::string StrFormat(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

}  // namespace tsdb
