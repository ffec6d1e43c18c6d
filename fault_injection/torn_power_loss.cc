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

// Sectors [first, end) of write w as it left them, onto the disk (as far as
// the disk's size reaches): the visible bytes below w's size, zeros past it.
void CopyVisibleSectors(const Node& file, const UnsyncedWrite& w, uint64_t first, uint64_t end,
                        PageContent& disk) {
  const uint64_t from = first * kSectorSizeBytes;
  const uint64_t to = std::min(end * kSectorSizeBytes, disk.size_bytes());
  if (from >= to) return;
  const uint64_t split = std::clamp(w.size_after_bytes, from, to);
  disk.CopyRangeFrom(file.visible, from, split - from);
  static const PageContent kZeros;
  disk.CopyRangeFrom(kZeros, split, to - split);
}

void ReplayWrite(const Node& file, const UnsyncedWrite& w, Survival& survival, PageContent& disk) {
  if (w.size_after_bytes > w.size_before_bytes && survival.Next() &&
      disk.size_bytes() < w.size_after_bytes) {
    disk.Resize(w.size_after_bytes);
  }
  if (w.length_bytes == 0) return;
  const SectorRange r = SectorsOf(w.offset_bytes, w.length_bytes);
  uint64_t run = r.first;  // surviving sectors [run, s) still to copy
  for (uint64_t s = r.first; s <= r.last; s++) {
    const bool kept = survival.Next();
    const auto saved = w.saved.find(s);
    if (kept && saved == w.saved.end()) continue;  // joins the run
    CopyVisibleSectors(file, w, run, s, disk);
    run = s + 1;
    const uint64_t start = s * kSectorSizeBytes;
    if (kept && start < disk.size_bytes()) {
      const uint64_t n = std::min<uint64_t>(kSectorSizeBytes, disk.size_bytes() - start);
      disk.Write(start, tsdb::ByteView(saved->second.data(), static_cast<size_t>(n)));
    }
  }
  CopyVisibleSectors(file, w, run, r.last + 1, disk);
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
