// Chunk snapshots (2.42's memory-snapshot-on-shutdown): the head's series
// with their open head chunks, its tombstones and exemplars, written at a
// clean shutdown into chunk_snapshot.<segment>.<offset>/ as a WAL-format log,
// so a restart rebuilds the open chunks without replaying the WAL.
// SNAPSHOT_FORMAT.md beside this file describes the format.
//
// chunk_snapshot_records.cc encodes and decodes the three record types,
// chunk_snapshot_io.cc names, finds, writes, reads and deletes snapshot
// directories through a Filesystem.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/tombstones_file.h"
#include "engine/head/chunk_snapshot_format.h"
#include "engine/labels/labels.h"
#include "engine/record/record.h"

namespace tsdb::head {

class Head;

// A head chunk as a snapshot carries it.
struct SnapshotChunk {
  int64_t mint = 0;
  int64_t maxt = 0;
  uint8_t encoding = 0;  // chunkenc::Encoding; 2.42's head writes XOR (1)
  Bytes data;            // the chunk's bytes, its 2-byte sample count first
};

// One series record. 2.42 stores the last appended value (in the last of
// four legacy sample slots, whose timestamp is always written 0), not its
// time: the time is the chunk's maxt. Without a head chunk neither is stored.
struct SnapshotSeries {
  uint64_t ref = 0;
  Labels labels;
  std::optional<SnapshotChunk> head_chunk;
  uint64_t last_value_bits = 0;  // IEEE-754 bits, so NaN payloads survive
};

// ---- Records (chunk_snapshot_records.cc). Encoders append one whole record
// to *out. Decoders return kCorruption with 2.42's wording.

void EncodeSnapshotSeries(const SnapshotSeries& s, Bytes* out);
Status DecodeSnapshotSeries(ByteView rec, SnapshotSeries* out);

// Entries in ascending ref order, each series' intervals in order (2.42 uses
// Go map order; any order reads back the same).
void EncodeSnapshotTombstones(const tombstones::MemTombstones& t, Bytes* out);
// Adds the record's intervals to *out (merging, as 2.42's AddInterval does).
Status DecodeSnapshotTombstones(ByteView rec, tombstones::MemTombstones* out);

// Non-empty batches only (2.42 writes no record for zero exemplars).
void EncodeSnapshotExemplars(std::span<const record::RefExemplar> exemplars, Bytes* out);
Status DecodeSnapshotExemplars(ByteView rec, std::vector<record::RefExemplar>* out);

// ---- Directories (chunk_snapshot_io.cc).

// "chunk_snapshot.%06d.%010d".
std::string ChunkSnapshotDirName(int wal_segment, int64_t wal_offset);

// Where a snapshot picks the WAL up: segment and byte offset in it.
struct SnapshotPosition {
  int segment = -1;
  int64_t offset = 0;
  friend auto operator<=>(const SnapshotPosition&, const SnapshotPosition&) = default;
};

struct ChunkSnapshotRef {
  std::string dir;  // data_dir/chunk_snapshot.S.O
  SnapshotPosition position;
};

// The newest snapshot in data_dir, by (segment, offset); kNotFound if none.
// A chunk_snapshot.* entry that is not a directory is an error, names that do
// not parse are ignored (as 2.42's LastChunkSnapshot).
Result<ChunkSnapshotRef> LastChunkSnapshot(Filesystem& fs, const std::string& data_dir);

// Removes every snapshot below position (2.42's DeleteChunkSnapshots). Keeps
// going after a failure and returns the first one.
Status DeleteChunkSnapshots(Filesystem& fs, const std::string& data_dir, SnapshotPosition below);

// What a snapshot holds, ready to write or as read back.
struct ChunkSnapshotContents {
  std::vector<SnapshotSeries> series;  // written in the order given
  tombstones::MemTombstones tombstones;
  std::vector<record::RefExemplar> exemplars;
};

struct ChunkSnapshotWriteOptions {
  bool compress = false;  // snappy, as the data directory's WAL
};

struct ChunkSnapshotWriteStats {
  std::string dir;          // empty when skipped
  bool skipped = false;     // the newest snapshot already has this position
  int64_t total_series = 0;
  int64_t series_with_chunk = 0;
  Status delete_old;        // failure deleting older snapshots: 2.42 only logs it
};

// Produces the series records one by one (appending to *out), so a large
// head is not copied before it is written. Returns false at the end.
using SnapshotSeriesSource = std::function<bool(Bytes* out)>;

// Writes data_dir/chunk_snapshot.S.O exactly as 2.42's Head.ChunkSnapshot:
// skipped if the newest snapshot has this position; else built in
// <name>.tmp (a WAL: series records logged in >10 MiB batches, the last
// batch with the tombstones record, then exemplar records), the WAL closed
// (padded, fsynced), renamed over <name>, data_dir fsynced, and every older
// snapshot deleted. On failure <name>.tmp is removed.
Result<ChunkSnapshotWriteStats> WriteChunkSnapshot(Filesystem& fs, const std::string& data_dir,
                                                   SnapshotPosition position,
                                                   const SnapshotSeriesSource& series,
                                                   const tombstones::MemTombstones& tombstones,
                                                   std::span<const record::RefExemplar> exemplars,
                                                   ChunkSnapshotWriteOptions options);
// The same from a value (tests, tools).
Result<ChunkSnapshotWriteStats> WriteChunkSnapshot(Filesystem& fs, const std::string& data_dir,
                                                   SnapshotPosition position,
                                                   const ChunkSnapshotContents& contents,
                                                   ChunkSnapshotWriteOptions options);
// The head's series in 2.42's stripe order, its tombstones, no exemplars
// (tsdbsim's head keeps none). Compresses when the head's WAL does.
Result<ChunkSnapshotWriteStats> WriteChunkSnapshot(Filesystem& fs, const std::string& data_dir,
                                                   const Head& head, int wal_segment,
                                                   int64_t wal_offset);

struct ChunkSnapshotReadOptions {
  // 2.42 with exemplar storage off skips exemplar records without decoding
  // them; true decodes them into contents.exemplars.
  bool decode_exemplars = true;
};

struct ChunkSnapshot {
  ChunkSnapshotRef ref;
  ChunkSnapshotContents contents;
  int64_t records = 0;
  int64_t exemplar_records_skipped = 0;
};

// Reads the newest snapshot of data_dir: kNotFound if there is none;
// kCorruption naming the segment file and offset when a record does not
// read or decode. Series come back in file order.
Result<ChunkSnapshot> ReadChunkSnapshot(Filesystem& fs, const std::string& data_dir,
                                        ChunkSnapshotReadOptions options = {});
// Reads the snapshot in dir (any name).
Result<ChunkSnapshot> ReadChunkSnapshotDir(Filesystem& fs, const ChunkSnapshotRef& ref,
                                           ChunkSnapshotReadOptions options = {});

}  // namespace tsdb::head
