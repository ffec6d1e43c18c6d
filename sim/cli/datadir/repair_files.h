// The files `tsdbsim repair` looks at before and after the open: identities
// (to tell a deleted or rewritten file), WAL segments kept mapped, and the
// chunks_head/ files walked entry by entry.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "sim/cli/datadir/repair_scan.h"

namespace tsdbsim::repair {

struct FileId {
  uint64_t dev = 0, ino = 0;
  int64_t size = 0, mtime_ns = 0;
  bool operator==(const FileId&) const = default;
};

std::optional<FileId> StatFile(const std::string& path);

// A WAL segment as it was before the open, mapped so it stays readable
// after the repair has renamed or unlinked it.
struct WalSegmentBefore {
  int index = 0;
  std::string name;
  int64_t size = 0;
  std::unique_ptr<tsdb::MappedFile> map;
};

struct ChunkFile {
  uint32_t number = 0;
  std::string name;
  FileId id;
  int64_t chunks = 0;                // entries replay reads (up to the first error)
  std::optional<std::string> error;  // what replay stops at: header or entry corruption
  int64_t entries = 0;               // entries on disk, walked without stopping at bad CRCs
  int64_t bad_crc = 0;               // of which with a checksum mismatch
  std::optional<int64_t> unparseable_from;  // where the walk lost the entry structure
};

// Walks the entries of a head chunk file by their lengths alone, past bad
// checksums, to count what was on disk (replay stops at the first error).
void WalkEntries(ByteView b, ChunkFile* f);

// Every numbered file of chunks_head/, walked as replay walks it. When
// mmapped is given, records each series' highest chunk maxt >= min_valid.
std::vector<ChunkFile> ScanChunksDir(tsdb::Filesystem& fs, const std::string& dir, int64_t min_valid,
                                     MmapMaxTime* mmapped);

int64_t TotalChunks(const std::vector<ChunkFile>& files);

std::string ChunkFileList(const std::vector<ChunkFile>& files);

// Holds an flock on DIR/lock, the way a running Prometheus does.
class DirLock {
 public:
  DirLock() = default;
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;
  ~DirLock();
  // False (with *why) when another process holds the lock.
  bool TryLock(const std::string& dir, std::string* why);

 private:
  int fd_ = -1;
};

bool LooksLikeDataDir(tsdb::Filesystem& fs, const std::string& dir);

}  // namespace tsdbsim::repair
