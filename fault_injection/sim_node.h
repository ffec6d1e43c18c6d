// One simulated inode: a regular file or a directory. Directory entries
// point at inodes, so a rename moves an entry to the same inode, and a
// handle holding the inode keeps writing to it after a rename or an unlink,
// as on POSIX.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/base/coding.h"
#include "fault_injection/page_content.h"

namespace tsdbsim::fault {

// What a read-only mapping shows: a contiguous copy taken at map time and
// then kept in step with writes within its length, as the pages of a
// MAP_SHARED mapping are. Zero pages come from calloc, which gets large
// blocks from the kernel already zeroed, so the untouched part of a
// preallocated file costs no memory.
class MapImage {
 public:
  // Null when the memory cannot be had (the caller reports ENOMEM).
  static std::shared_ptr<MapImage> Allocate(size_t size_bytes);
  ~MapImage();
  MapImage(const MapImage&) = delete;
  MapImage& operator=(const MapImage&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  MapImage(uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t* data_;
  size_t size_;
};

// A sector of an unsynced write as it was right after that write, kept
// because a later change overwrote it (see sector_versions.h).
using SectorBytes = std::array<uint8_t, kSectorSizeBytes>;

// A change the page cache holds and the disk may not have. A torn power
// loss replays a seeded part of these (torn_power_loss.h).
struct UnsyncedWrite {
  uint64_t seq = 0;  // the operation that made it
  uint64_t offset_bytes = 0;  // a write's offset; a resize's new size
  uint64_t length_bytes = 0;
  bool resize = false;  // a size change (truncate, preallocate, create), not bytes
  uint64_t size_before_bytes = 0;  // the visible size before and after it
  uint64_t size_after_bytes = 0;
  // Writes: sector index -> the sector as this write left it, for the
  // sectors a later change overwrote; the others still show those bytes
  // in the visible content (below size_after_bytes).
  std::map<uint64_t, SectorBytes> saved;
};

struct Node {
  explicit Node(bool dir) : is_dir(dir) {}
  const bool is_dir;

  // Regular files.
  PageContent visible;  // the page cache: what reads and mappings see
  PageContent durable;  // what is on the disk
  std::vector<UnsyncedWrite> unsynced;  // since the last fsync, in order
  // The largest size_after_bytes of the unsynced writes: a change starting
  // at or past it (an append) overwrites no sector version.
  uint64_t versions_end_bytes = 0;
  std::vector<std::weak_ptr<MapImage>> mappings;
  // Pages a failed fsync marked clean (fsync_fail): visible, but the disk
  // will never get them unless they are written again.
  std::set<uint64_t> lost_pages;
  // Sectors of the medium that cannot be read (latent_sector), until
  // written again. They belong to the disk: crashes keep them.
  std::set<uint64_t> bad_sectors;
  // The file has an entry in the visible tree, so its size counts against
  // the space budget.
  bool linked = false;

  // Directories: name -> inode as lookups see it, and as the disk has it.
  std::map<std::string, std::shared_ptr<Node>> entries;
  std::map<std::string, std::shared_ptr<Node>> durable_entries;
  // A rename between this and another directory is not durable yet.
  bool cross_dir_rename_pending = false;
};

// File changes: the visible bytes, the mappings and the unsynced log move
// together.
void WriteFile(Node& file, uint64_t offset, tsdb::ByteView data, uint64_t seq);
void ResizeFile(Node& file, uint64_t size_bytes, uint64_t seq);
// A successful fsync: the disk gets the visible bytes, except pages an
// earlier failed fsync marked clean.
void SyncFile(Node& file);
// A failed fsync, as Linux fails one since 4.13: the dirty pages are marked
// clean (lost_pages) and the unsynced writes forgotten; sizes stay pending.
void FailSync(Node& file);
// latent_sector: the sectors of [offset, offset + length_bytes) become unreadable.
void MarkBadSectors(Node& file, uint64_t offset, uint64_t length_bytes);
// Whether [offset, offset + length_bytes) overlaps an unreadable sector.
bool HasBadSector(const Node& file, uint64_t offset, uint64_t length_bytes);
// A mapping of the file's visible bytes; null if memory ran out.
std::shared_ptr<MapImage> MapFile(Node& file);
// The process that held the mappings is gone: later writes no longer reach them.
void DetachMappings(Node& file);
// A power loss: the page cache is lost, the disk's bytes are what remains.
void RevertFileToDurable(Node& file);
// A power loss that leaves the disk with these bytes (a torn one).
void RevertFileTo(Node& file, PageContent disk);

}  // namespace tsdbsim::fault
