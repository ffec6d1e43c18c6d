#include "fault_injection/fault_types.h"

namespace tsdbsim::fault {
namespace {

constexpr FaultCall kCalls[] = {
    FaultCall::kWrite, FaultCall::kSync,    FaultCall::kRead,    FaultCall::kMap,
    FaultCall::kOpen,  FaultCall::kRename,  FaultCall::kRemove,  FaultCall::kMkdir,
    FaultCall::kSyncDir, FaultCall::kResize, FaultCall::kList,
};
constexpr FaultAction kActions[] = {FaultAction::kEio, FaultAction::kFsyncFail,
                                    FaultAction::kLatentSector, FaultAction::kBitFlip,
                                    FaultAction::kLatency};

}  // namespace

FaultCallSet ActionCalls(FaultAction action) {
  switch (action) {
    case FaultAction::kEio: return kAllFaultCalls;
    case FaultAction::kFsyncFail: return CallSet(FaultCall::kSync);
    case FaultAction::kLatentSector: return CallSet(FaultCall::kWrite);
    case FaultAction::kBitFlip:
      return CallSet(FaultCall::kRead) | CallSet(FaultCall::kMap) | CallSet(FaultCall::kWrite);
    case FaultAction::kLatency: return kAllFaultCalls;
  }
  return 0;
}

const char* FaultCallName(FaultCall call) {
  switch (call) {
    case FaultCall::kWrite: return "write";
    case FaultCall::kSync: return "sync";
    case FaultCall::kRead: return "read";
    case FaultCall::kMap: return "map";
    case FaultCall::kOpen: return "open";
    case FaultCall::kRename: return "rename";
    case FaultCall::kRemove: return "remove";
    case FaultCall::kMkdir: return "mkdir";
    case FaultCall::kSyncDir: return "sync_dir";
    case FaultCall::kResize: return "resize";
    case FaultCall::kList: return "list";
  }
  return "unknown";
}

const char* FaultActionName(FaultAction action) {
  switch (action) {
    case FaultAction::kEio: return "eio";
    case FaultAction::kFsyncFail: return "fsync_fail";
    case FaultAction::kLatentSector: return "latent_sector";
    case FaultAction::kBitFlip: return "bit_flip";
    case FaultAction::kLatency: return "latency";
  }
  return "unknown";
}

const char* FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kEio: return "eio";
    case FaultKind::kFsyncFail: return "fsync_fail";
    case FaultKind::kNoSpace: return "no_space";
    case FaultKind::kLatentSector: return "latent_sector";
    case FaultKind::kLatentRead: return "latent_read";
    case FaultKind::kBitFlip: return "bit_flip";
    case FaultKind::kLatency: return "latency";
  }
  return "unknown";
}

bool ParseFaultCall(std::string_view name, FaultCall* call) {
  for (const FaultCall c : kCalls) {
    if (name == FaultCallName(c)) {
      *call = c;
      return true;
    }
  }
  return false;
}

bool ParseFaultAction(std::string_view name, FaultAction* action) {
  for (const FaultAction a : kActions) {
    if (name == FaultActionName(a)) {
      *action = a;
      return true;
    }
  }
  return false;
}

std::string FaultCallSetName(FaultCallSet calls) {
  if ((calls & kAllFaultCalls) == kAllFaultCalls) return "*";
  std::string out;
  for (const FaultCall c : kCalls) {
    if ((calls & CallSet(c)) == 0) continue;
    if (!out.empty()) out += ',';
    out += FaultCallName(c);
  }
  return out;
}

}  // namespace tsdbsim::fault
