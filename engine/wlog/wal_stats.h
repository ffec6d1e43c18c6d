// WalStats: what a WAL directory holds, record by record, as replay would
// read it: the checkpoints as one stream each, then every segment on its own.
// Used by `tsdbsim inspect` and by anything that shows a WAL to a person.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/record/record_format.h"
#include "engine/wlog/corruption.h"

namespace tsdb::wlog {

// Record counts indexed by type byte 1..8; slot 0 counts unknown types.
constexpr int kRecordTypeSlots = 9;

struct WalFileStats {
  std::string name;        // "00000002" or "checkpoint.00000001"
  bool is_checkpoint = false;
  bool replayed = true;    // false: an older checkpoint or a segment it covers
  int index = -1;          // segment number, or the checkpoint's number
  int64_t size_bytes = 0;
  std::array<int64_t, kRecordTypeSlots> records_by_type{};
  int64_t series = 0;      // entries in series records
  int64_t samples = 0;     // float samples in samples records
  int64_t tombstones = 0;  // intervals in tombstone records
  int64_t exemplars = 0;
  int64_t histogram_samples = 0;  // types 7 and 8
  int64_t metadata = 0;
  int64_t min_time_ms = std::numeric_limits<int64_t>::max();  // over samples
  int64_t max_time_ms = std::numeric_limits<int64_t>::min();
  std::optional<CorruptionError> corruption;

  int64_t records() const;
  void Add(const WalFileStats& other);  // for totals
};

struct WalStats {
  std::string dir;
  std::vector<WalFileStats> files;  // checkpoints first, then segments, ascending
  WalFileStats total;               // over the files replay reads
};

// Fails only when the directory cannot be listed or segments are not
// sequential; corruption inside a file is reported in its stats.
Result<WalStats> InspectWal(Filesystem& fs, const std::string& wal_dir);

// Slot of a record type in records_by_type, and its name for people.
int RecordTypeSlot(record::Type type);
const char* RecordTypeSlotName(int slot);

}  // namespace tsdb::wlog
