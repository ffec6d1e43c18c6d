#include "fault_injection/torn_power_loss.h"

#include <algorithm>

#include "fault_injection/fault_random.h"
#include "fault_injection/sector_versions.h"

namespace tsdbsim::fault {
namespace {

// Draws "does this unit reach the disk" with the file's keep probability.
class Survival {
 public:
  explicit Survival(uint64_t seed) : random_(seed), quarters_(random_.Below(5)) {}
  bool Next() {
    if (quarters_ == 0 || quarters_ == 4) return quarters_ == 4;
    return random_.Below(4) < quarters_;
  }

 private:
  FaultRandom random_;
  uint64_t quarters_;  // keep probability in quarters
};

void ReplayWrite(const Node& file, const UnsyncedWrite& w, Survival& survival, PageContent& disk) {
  if (w.size_after_bytes > w.size_before_bytes && survival.Next() &&
      disk.size_bytes() < w.size_after_bytes) {
    disk.Resize(w.size_after_bytes);
  }
  if (w.length_bytes == 0) return;
  const SectorRange r = SectorsOf(w.offset_bytes, w.length_bytes);
  for (uint64_t s = r.first; s <= r.last; s++) {
    if (!survival.Next()) continue;
    const uint64_t start = s * kSectorSizeBytes;
    if (start >= disk.size_bytes()) continue;  // past the end the disk has
    const SectorBytes bytes = SectorVersion(file, w, s);
    const uint64_t n = std::min<uint64_t>(kSectorSizeBytes, disk.size_bytes() - start);
    disk.Write(start, tsdb::ByteView(bytes.data(), static_cast<size_t>(n)));
  }
}

}  // namespace

PageContent TornDiskContent(const Node& file, uint64_t file_seed) {
  PageContent disk = file.durable;
  Survival survival(file_seed);
  for (const UnsyncedWrite& w : file.unsynced) {
    if (w.resize) {
      if (survival.Next()) disk.Resize(w.offset_bytes);
    } else {
      ReplayWrite(file, w, survival, disk);
    }
  }
  return disk;
}

uint64_t TornFileSeed(uint64_t seed, const std::string& path) {
  return DeriveSeed(seed, HashName(path));
}

}  // namespace tsdbsim::fault
