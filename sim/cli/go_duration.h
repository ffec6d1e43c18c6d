// Durations printed the way Go's time.Duration.String() prints them
// ("1.234567s", "12.5ms", "2m3.5s"), so our lines compare with Prometheus's.
#pragma once

#include <cstdint>
#include <string>

namespace tsdbsim {
std::string GoDuration(int64_t ns);
}  // namespace tsdbsim
