#include "sim/scenario/crash_kind.h"

#include "engine/base/assert.h"

namespace tsdbsim {

fault::CrashMode CrashModeOf(CrashKind kind) {
  TSDB_ASSERT(kind != CrashKind::kNone);
  switch (kind) {
    case CrashKind::kPowerLoss: return fault::CrashMode::kPowerLoss;
    case CrashKind::kTorn: return fault::CrashMode::kTorn;
    default: return fault::CrashMode::kProcess;
  }
}

const char* CrashKindName(CrashKind k) {
  return k == CrashKind::kNone ? "none" : fault::CrashModeName(CrashModeOf(k));
}

std::optional<CrashKind> ParseCrashKind(std::string_view name) {
  fault::CrashMode mode;
  if (!fault::ParseCrashMode(name, &mode)) return std::nullopt;
  switch (mode) {
    case fault::CrashMode::kProcess: return CrashKind::kProcess;
    case fault::CrashMode::kPowerLoss: return CrashKind::kPowerLoss;
    case fault::CrashMode::kTorn: return CrashKind::kTorn;
  }
  return std::nullopt;
}

}  // namespace tsdbsim
