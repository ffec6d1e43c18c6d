// The world: what there is to see of a simulated run at one moment, as a
// plain value (DESIGN.md §6). No pointer into the engine survives in it, it
// copies cheaply, and two worlds compare equal exactly when a viewer would
// draw the same picture (the one exception, the real CPU time of a replay, is
// shown but never compared). sim/SNAPSHOT.md documents every field.
//
// Built by WorldFold (a fold over the engine's and the simulator's events)
// plus read-only queries of the head for the watched series only, so taking
// it costs the same for ten series or a million.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tsdbsim {

// Shown, never compared: real CPU time differs between two runs of one world.
struct CpuTimeNs {
  int64_t ns = 0;
  friend bool operator==(const CpuTimeNs&, const CpuTimeNs&) { return true; }
};

struct WorldScrape {
  int64_t time_ms = 0;
  int64_t samples = 0;       // scraped
  int64_t appended = 0;      // taken by the appender
  int64_t series_added = 0;  // new to the scrape cache
  bool up = true;
  std::string error;  // "" when up
  friend bool operator==(const WorldScrape&, const WorldScrape&) = default;
};

struct WorldTarget {
  uint64_t id = 0;      // the scrape loop's target id
  std::string labels;   // as the engine prints them
  bool active = true;   // false once removed
  int64_t scrapes_total = 0;
  int64_t failed_total = 0;
  std::vector<WorldScrape> last;  // newest last, at most WorldFold::kScrapesKept
  friend bool operator==(const WorldTarget&, const WorldTarget&) = default;
};

struct WorldFanout {
  int64_t commits = 0;
  int64_t failed_commits = 0;
  int64_t rollbacks = 0;
  std::string last_error;
  bool has_secondary = false;
  int64_t secondary_pending_samples = 0;    // committed to it, not yet delivered
  int64_t secondary_delivered_samples = 0;
  friend bool operator==(const WorldFanout&, const WorldFanout&) = default;
};

// Record types 0..8 of engine/record/FORMAT.md.
inline constexpr size_t kWorldRecordTypes = 9;

struct WorldWalSegment {
  int64_t number = 0;
  int64_t bytes_written = 0;  // the file's size as the page flushes left it
  int64_t bytes_fsynced = 0;
  int64_t pages_flushed = 0;
  int64_t records = 0;
  std::array<int64_t, kWorldRecordTypes> records_by_type{};
  friend bool operator==(const WorldWalSegment&, const WorldWalSegment&) = default;
};

struct WorldWal {
  std::vector<WorldWalSegment> segments;  // live ones, by number
  int64_t checkpoint_segment = -1;        // checkpoint.N: the last segment it covers
  int64_t checkpoint_size_bytes = 0;
  int64_t checkpoint_samples = 0;  // samples it kept
  int64_t checkpoints_created = 0;
  int64_t checkpoints_failed = 0;
  int64_t truncations = 0;         // times segments were deleted after a checkpoint
  int64_t segments_deleted = 0;
  friend bool operator==(const WorldWal&, const WorldWal&) = default;
};

struct WorldChunk {
  int64_t file = 0;    // chunks_head/ file number
  int64_t offset = 0;  // in that file
  int64_t mint = 0;
  int64_t maxt = 0;
  int64_t samples = 0;
  friend bool operator==(const WorldChunk&, const WorldChunk&) = default;
};

struct WorldOpenChunk {
  int64_t mint = 0;
  int64_t maxt = 0;
  int64_t samples = 0;
  int64_t samples_target = 120;  // samples_per_chunk
  int64_t next_at_ms = 0;        // a sample at or after it cuts the chunk
  int64_t range_end_ms = 0;      // end of the chunk range it lies in
  int64_t bytes = 0;
  friend bool operator==(const WorldOpenChunk&, const WorldOpenChunk&) = default;
};

struct WorldSeries {
  std::string labels;
  bool in_head = false;  // false: not created yet, or removed by head GC
  uint64_t ref = 0;
  bool has_open_chunk = false;
  WorldOpenChunk open;
  std::vector<WorldChunk> mmapped;  // oldest first
  friend bool operator==(const WorldSeries&, const WorldSeries&) = default;
};

struct WorldHead {
  int64_t series = 0;
  int64_t chunks = 0;  // prometheus_tsdb_head_chunks: open and mmapped
  int64_t min_time_ms = 0;
  int64_t max_time_ms = 0;
  int64_t samples_appended_total = 0;
  int64_t open_chunk_samples = 0;  // in head chunks, in process memory
  int64_t open_chunk_bytes = 0;
  int64_t mmapped_chunks = 0;      // full chunks on disk, referenced by the head
  int64_t mmapped_chunk_samples = 0;
  int64_t chunk_cuts = 0;
  std::vector<WorldSeries> watched;
  friend bool operator==(const WorldHead&, const WorldHead&) = default;
};

struct WorldChunkFile {
  int64_t number = 0;
  int64_t size_bytes = 0;     // the file's length, preallocated zeros included
  int64_t bytes_written = 0;  // header and chunks handed to the file (buffered or not)
  int64_t bytes_flushed = 0;  // of those, in the file (the page cache)
  int64_t bytes_fsynced = 0;  // of those, on disk
  int64_t chunks = 0;          // written to the file's buffer by this run
  int64_t chunks_flushed = 0;  // of those, in the file (the page cache)
  friend bool operator==(const WorldChunkFile&, const WorldChunkFile&) = default;
};

struct WorldBlock {
  std::string ulid;
  int64_t min_time_ms = 0;
  int64_t max_time_ms = 0;  // exclusive
  int64_t series = 0;
  int64_t samples = 0;
  int64_t chunks = 0;
  int64_t level = 1;
  std::vector<std::string> sources;
  std::vector<std::string> parents;
  friend bool operator==(const WorldBlock&, const WorldBlock&) = default;
};

struct WorldReplay {
  // "" before any open; "snapshot", "mmap", "checkpoint", "wal" while one runs; "done".
  std::string phase;
  int64_t opens = 0;  // the first start counts too
  int64_t mmapped_chunk_files = 0;
  int64_t mmapped_chunks_loaded = 0;
  int64_t checkpoint_segment = -1;
  int64_t first_segment = -1;
  int64_t last_segment = -1;
  int64_t segments_done = 0;
  int64_t current_segment = -1;    // the segment read last (or being read)
  int64_t segment_bytes_done = 0;  // of current_segment
  int64_t segment_records_done = 0;
  int64_t records = 0;             // WAL and checkpoint records read
  int64_t samples = 0;
  int64_t series = 0;
  int64_t samples_skipped_mmapped = 0;
  int64_t unknown_series_refs = 0;
  int64_t snapshot_series = 0;   // restored from a chunk snapshot
  int64_t snapshot_samples = 0;  // in the head chunks it restored
  // The corruption replay stopped at and what the repair dropped.
  std::string corruption_file;
  int64_t corruption_offset = -1;
  std::string corruption_detail;
  int64_t repair_bytes_dropped = 0;
  int64_t repair_records_kept = 0;
  std::string mmap_error;
  CpuTimeNs cpu;  // real CPU time the last open took
  friend bool operator==(const WorldReplay&, const WorldReplay&) = default;
};

struct WorldFaults {
  int64_t armed = 0;  // rules of the fault plan and armed crashes
  int64_t fired = 0;
  std::vector<std::string> log;  // the simulator's fault and crash notes, newest last
  friend bool operator==(const WorldFaults&, const WorldFaults&) = default;
};

struct WorldOracle {
  int64_t acked_samples = 0;
  int64_t durable_samples = 0;  // of those, made durable by an fsync
  int64_t checks = 0;  // restarts checked
  int64_t violations = 0;
  std::string last_check;  // the last check's summary line
  // The last check's losses by cause (sim/scenario/oracle.h, OracleCheck).
  int64_t lost_acked = 0;
  int64_t lost_unsynced = 0;
  int64_t lost_unsynced_entry = 0;
  int64_t lost_to_repair = 0;
  int64_t lost_dependent = 0;
  int64_t lost_unlogged_series = 0;
  int64_t lost_violation = 0;
  int64_t phantom = 0;
  int64_t duplicate = 0;
  friend bool operator==(const WorldOracle&, const WorldOracle&) = default;
};

struct World {
  int64_t time_ms = 0;  // virtual, Unix ms
  int64_t elapsed_ms = 0;  // since the run began
  int line = 0;  // scenario line of the step in progress (0 before the first)
  uint64_t seed = 0;
  bool process_up = false;
  bool done = false;  // every step has run
  int64_t events = 0;  // trace records so far
  std::vector<WorldTarget> targets;
  WorldFanout fanout;
  WorldWal wal;
  WorldHead head;
  std::vector<WorldChunkFile> chunks_head;  // live files, by number
  std::vector<WorldBlock> blocks;  // by min time
  WorldReplay replay;
  WorldFaults faults;
  WorldOracle oracle;
  friend bool operator==(const World&, const World&) = default;
};

}  // namespace tsdbsim
