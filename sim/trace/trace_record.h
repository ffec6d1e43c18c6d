// TraceRecord: one line of a run's trace (DESIGN.md §5): an engine event or
// a simulator event, stamped with virtual time, assigned to a GUI lane
// (DESIGN.md §6). Records own their strings, unlike tsdb::Event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/event_sink.h"

namespace tsdbsim {

// The GUI's lanes, in the order they are drawn top to bottom.
enum class Lane : uint8_t { kScrape, kFanout, kWal, kHead, kMmap, kBlocks, kReplay, kSim };
inline constexpr int kLaneCount = 8;

const char* LaneName(Lane lane);
std::optional<Lane> LaneFromName(std::string_view name);
Lane LaneOf(tsdb::EventType type);

// The Event fields a record carries, as bits, so the text form can write the
// fields that mean something for a type (see the comments on EventType).
enum TraceField : uint16_t {
  kFieldSegment = 1 << 0,
  kFieldOffset = 1 << 1,
  kFieldBytes = 1 << 2,
  kFieldCount = 1 << 3,
  kFieldRef = 1 << 4,
  kFieldMint = 1 << 5,
  kFieldMaxt = 1 << 6,
  kFieldRecordType = 1 << 7,
  kFieldDetail = 1 << 8,
};

// The fields meaningful for an engine event type; simulator events carry a
// detail and, when they need one, a count.
uint16_t MeaningfulFields(tsdb::EventType type);
inline constexpr uint16_t kSimEventFields = kFieldDetail;

// Engine event types by name (EventTypeName's inverse).
std::optional<tsdb::EventType> EventTypeFromName(std::string_view name);

// A simulator event type is a non-empty [a-z0-9_] word that is not an engine
// event's name, so every line parses back to the record it came from.
bool IsValidSimEventType(std::string_view name);

struct TraceRecord {
  int64_t t_ms = 0;  // virtual time when the event was recorded
  Lane lane = Lane::kSim;
  tsdb::EventType event = tsdb::EventType::kWalSegmentCreated;  // when sim_type is empty
  std::string sim_type;                                         // non-empty for simulator events
  int64_t segment = -1;
  int64_t offset = -1;
  int64_t bytes = 0;
  int64_t count = 0;
  uint64_t ref = 0;
  int64_t mint = 0;
  int64_t maxt = 0;
  uint8_t record_type = 0;
  std::string detail;

  bool is_sim() const { return !sim_type.empty(); }
  std::string_view type_name() const {
    return is_sim() ? std::string_view(sim_type) : tsdb::EventTypeName(event);
  }
  bool is(tsdb::EventType type) const { return !is_sim() && event == type; }
  // Meaningful fields plus any other field that differs from its default,
  // and detail only when non-empty: what the text form writes, so no
  // recorded value is lost and defaults add no noise.
  uint16_t written_fields() const;

  bool operator==(const TraceRecord&) const = default;
};

// A record of an engine event; time and lane filled in.
TraceRecord RecordFromEvent(const tsdb::Event& e, int64_t t_ms);

}  // namespace tsdbsim
