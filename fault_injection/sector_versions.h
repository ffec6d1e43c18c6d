// What each unsynced write left in each sector it touched. A torn power
// loss may keep any of a sector's versions (the disk got the page cache's
// copy of that sector at some moment), so they must stay known until the
// next fsync. Most are still in the visible bytes: the version a write
// left in sector s is the visible sector with the bytes past that write's
// file size zeroed, as long as nothing since overwrote the part below that
// size. A change that is about to do so saves the version first. Appends
// never start below an earlier write's size, so they save nothing.
#pragma once

#include <cstdint>

#include "fault_injection/sim_node.h"

namespace tsdbsim::fault {

// The sectors [first, last] of a write of length_bytes > 0 at offset.
struct SectorRange {
  uint64_t first = 0;
  uint64_t last = 0;
};
SectorRange SectorsOf(uint64_t offset, uint64_t length_bytes);

// Called before bytes [from_bytes, to_bytes) of the visible content change
// (a write, or a truncation when to_bytes is UINT64_MAX).
void SaveVersionsBeforeChange(Node& file, uint64_t from_bytes, uint64_t to_bytes);

// The sector as write left it (write is one of file.unsynced).
SectorBytes SectorVersion(const Node& file, const UnsyncedWrite& write, uint64_t sector);

}  // namespace tsdbsim::fault
