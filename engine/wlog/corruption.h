// CorruptionError: where reading a WAL failed and why, printed exactly as
// 2.42 prints a wlog.CorruptionErr.
#pragma once

#include <cstdint>
#include <string>

namespace tsdb::wlog {

struct CorruptionError {
  std::string dir;       // the WAL (or checkpoint) directory
  int segment = -1;      // -1 when the position is not known
  int64_t offset = 0;    // bytes consumed in that segment when the error was found
  std::string reason;    // 2.42's message, e.g. "unexpected checksum 1a2b, expected 3c4d"

  // "corruption in segment <dir>/<NNNNNNNN> at <offset>: <reason>"
  std::string ToString() const;
};

}  // namespace tsdb::wlog
