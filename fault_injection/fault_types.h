// The vocabulary of fault plans: which filesystem calls a rule matches,
// what it does to them, and what the filesystem reports when it injects a
// fault (FAULTS.md describes each fault and the real behaviour it models).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

namespace tsdbsim::fault {

// The calls a rule can match; a rule holds a set of them (FaultCallSet).
enum class FaultCall : uint16_t {
  kWrite = 1 << 0,    // WritableFile::Append, PWrite
  kSync = 1 << 1,     // WritableFile::Sync
  kRead = 1 << 2,     // ReadableFile::ReadAt
  kMap = 1 << 3,      // MapReadOnly
  kOpen = 1 << 4,     // OpenAppend, Create, OpenRead
  kRename = 1 << 5,
  kRemove = 1 << 6,   // Remove, and each entry RemoveAll removes
  kMkdir = 1 << 7,    // each directory MkdirAll makes
  kSyncDir = 1 << 8,
  kResize = 1 << 9,   // Truncate (by path or handle), Preallocate
  kList = 1 << 10,    // List, Stat, ReadableFile::Size
};
using FaultCallSet = uint32_t;
inline constexpr FaultCallSet kAllFaultCalls = (1u << 11) - 1;
constexpr FaultCallSet CallSet(FaultCall c) { return static_cast<FaultCallSet>(c); }

enum class FaultAction : uint8_t {
  kEio,          // the call fails with EIO and changes nothing
  kFsyncFail,    // Sync fails with EIO and its dirty pages are marked clean
  kLatentSector, // the sectors a write wrote become unreadable
  kBitFlip,      // one bit of a read, a mapping or a write's stored bytes flips
  kLatency,      // the call succeeds, taking latency_ms of virtual time
};

// The calls an action can apply to.
FaultCallSet ActionCalls(FaultAction action);

// One rule of a plan: an action and which calls it hits. A call matches
// when its kind is in calls, its path (absolute, normalised; a rename
// matches by either path) matches path_glob as fnmatch(3) without flags
// ('*' also matches '/'), and the virtual time is in [from_ms, until_ms)
// (time 0 when the filesystem has no clock). Of the matching calls, the
// rule fires on the nth (1-based; 0: on any), each with chance_ppm / 10^6,
// at most max_times times (0: no limit).
struct FaultRule {
  FaultAction action = FaultAction::kEio;
  FaultCallSet calls = kAllFaultCalls;
  std::string path_glob = "*";
  uint64_t nth = 0;
  uint32_t chance_ppm = 1'000'000;
  int64_t from_ms = std::numeric_limits<int64_t>::min();
  int64_t until_ms = std::numeric_limits<int64_t>::max();
  uint64_t max_times = 0;
  int64_t latency_ms = 0;  // kLatency only
};

// What the filesystem did; kNoSpace (the space budget) and kLatentRead (a
// read that hit an unreadable sector) come from no rule.
enum class FaultKind : uint8_t {
  kEio, kFsyncFail, kNoSpace, kLatentSector, kLatentRead, kBitFlip, kLatency,
};

struct FaultEvent {
  FaultKind kind = FaultKind::kEio;
  FaultCall call = FaultCall::kWrite;
  std::string path;           // absolute and normalised
  uint64_t offset_bytes = 0;  // the call's range; for kBitFlip, the flipped byte
  uint64_t length_bytes = 0;
  uint8_t bit = 0;            // kBitFlip: which bit of that byte (0 = least significant)
  int64_t latency_ms = 0;     // kLatency
  int rule = -1;              // index in the plan, -1 when no rule fired
};

// What a SimFilesystem needs to inject faults besides the plan.
struct FaultEnv {
  std::function<int64_t()> now_ms;  // virtual time; may be empty (time 0)
  uint64_t seed = 0;                // every draw derives from it
  // Called for every fault injected, before the call returns. It must not
  // call back into the filesystem (crash from the FsObserver instead).
  std::function<void(const FaultEvent&)> on_fault;
};

// Stable lower-case names for traces and scenario files ("write",
// "fsync_fail", "no_space", ...); Parse* give false for unknown names.
const char* FaultCallName(FaultCall call);
const char* FaultActionName(FaultAction action);
const char* FaultKindName(FaultKind kind);
bool ParseFaultCall(std::string_view name, FaultCall* call);
bool ParseFaultAction(std::string_view name, FaultAction* action);
// "write,sync" or "*"; "" for the empty set.
std::string FaultCallSetName(FaultCallSet calls);

}  // namespace tsdbsim::fault
