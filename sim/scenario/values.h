// Values of the scenario language: Go-style durations (1h30m, 15s, 500ms),
// byte sizes (4MiB, 64KiB, 1000), ratios (0.01 or 1%), on/off, integers.
// Each returns kInvalidArgument saying what was expected.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/base/status.h"

namespace tsdbsim {

tsdb::Result<int64_t> ParseDurationMs(std::string_view s);
tsdb::Result<int64_t> ParseBytes(std::string_view s);
// Returns parts per million, 0..1,000,000.
tsdb::Result<uint32_t> ParseRatioPpm(std::string_view s);
tsdb::Result<bool> ParseOnOff(std::string_view s);
tsdb::Result<int64_t> ParseInt(std::string_view s, int64_t min, int64_t max);
tsdb::Result<uint64_t> ParseU64(std::string_view s);
tsdb::Result<double> ParseNumber(std::string_view s);

}  // namespace tsdbsim
