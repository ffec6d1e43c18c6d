#include "fault_injection/sector_versions.h"

#include <algorithm>
#include <cstring>

#include "engine/base/assert.h"

namespace tsdbsim::fault {

SectorRange SectorsOf(uint64_t offset, uint64_t length_bytes) {
  TSDB_ASSERT(length_bytes > 0);
  return {offset / kSectorSizeBytes, (offset + length_bytes - 1) / kSectorSizeBytes};
}

namespace {

// The visible sector, zeroed from size_bytes on.
SectorBytes VisibleSector(const PageContent& visible, uint64_t sector, uint64_t size_bytes) {
  SectorBytes out{};
  const uint64_t start = sector * kSectorSizeBytes;
  if (start >= size_bytes) return out;
  const uint64_t n = std::min<uint64_t>(kSectorSizeBytes, size_bytes - start);
  visible.Read(start, std::span<uint8_t>(out.data(), static_cast<size_t>(n)));
  return out;
}

}  // namespace

void SaveVersionsBeforeChange(Node& file, uint64_t from_bytes, uint64_t to_bytes) {
  if (from_bytes >= file.versions_end_bytes || to_bytes <= from_bytes) return;
  const uint64_t first_changed = from_bytes / kSectorSizeBytes;
  const uint64_t last_changed = (to_bytes - 1) / kSectorSizeBytes;
  for (UnsyncedWrite& w : file.unsynced) {
    if (w.resize || w.length_bytes == 0 || w.size_after_bytes <= from_bytes) continue;
    const SectorRange r = SectorsOf(w.offset_bytes, w.length_bytes);
    const uint64_t first = std::max(r.first, first_changed);
    const uint64_t last = std::min(r.last, last_changed);
    if (first > last) continue;
    for (uint64_t s = first; s <= last; s++) {
      // Only a change below this write's size touches what it left there.
      const uint64_t lo = std::max(from_bytes, s * kSectorSizeBytes);
      const uint64_t hi = std::min({to_bytes, (s + 1) * kSectorSizeBytes, w.size_after_bytes});
      if (lo >= hi || w.saved.contains(s)) continue;
      w.saved.emplace(s, VisibleSector(file.visible, s, w.size_after_bytes));
    }
  }
}

SectorBytes SectorVersion(const Node& file, const UnsyncedWrite& write, uint64_t sector) {
  const auto it = write.saved.find(sector);
  if (it != write.saved.end()) return it->second;
  return VisibleSector(file.visible, sector, write.size_after_bytes);
}

}  // namespace tsdbsim::fault
