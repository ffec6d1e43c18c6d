// What the disk holds of one file after a torn power loss: the durable
// bytes plus a seeded part of the unsynced changes, replayed in the order
// they were made (FAULTS.md, "Torn and reordered writes"):
//
// * Every 512-byte sector an unsynced write touched reaches the disk or
//   not, each on its own draw, so a later write may survive where an
//   earlier one is lost and a write may survive in part. A sector that
//   survives holds all 512 bytes as the page cache had them right after
//   that write (the kernel writes whole sectors; never a partial one).
// * Sizes are metadata, journaled as a unit: a resize (truncate,
//   preallocate, create) survives whole or not at all, and so does the
//   extension of the file by a write. Sector bytes past the size the disk
//   ends up with are not part of the file; a size that survived without
//   its sectors reads zeros there (an allocated, never written extent).
//
// How much survives is itself drawn per file: a keep probability of 0, 1/4,
// 1/2, 3/4 or 1, so that "nothing", "everything" (the visible bytes) and
// every mix in between all happen across seeds.
#pragma once

#include <cstdint>
#include <string>

#include "fault_injection/sim_node.h"

namespace tsdbsim::fault {

// The file's disk content after a torn power loss drawn from file_seed.
PageContent TornDiskContent(const Node& file, uint64_t file_seed);

// Each file draws from its own stream, derived from the power loss's seed
// and the file's path in the durable tree, so what one file keeps does not
// depend on which other files exist.
uint64_t TornFileSeed(uint64_t seed, const std::string& path);

}  // namespace tsdbsim::fault
