// CrashKind: the crash the simulator stages, or none. Its names are the
// crash images' (fault::CrashModeName: process, power_loss, torn), so the
// scenario language, explore's --modes and the trace spell them one way.
#pragma once

#include <optional>
#include <string_view>

#include "fault_injection/sim_filesystem.h"

namespace tsdbsim {

enum class CrashKind { kNone, kProcess, kPowerLoss, kTorn };

// "none" for kNone, else fault::CrashModeName of its mode.
const char* CrashKindName(CrashKind k);
// A crash image's mode name; nothing for any other word (nor "none").
std::optional<CrashKind> ParseCrashKind(std::string_view name);
// The image a crash of this kind leaves (kNone: asserts).
fault::CrashMode CrashModeOf(CrashKind kind);

}  // namespace tsdbsim
