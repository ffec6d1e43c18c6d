#include "fault_injection/sim_node.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "fault_injection/sector_versions.h"

namespace tsdbsim::fault {

std::shared_ptr<MapImage> MapImage::Allocate(size_t size_bytes) {
  if (size_bytes == 0) return std::shared_ptr<MapImage>(new MapImage(nullptr, 0));
  auto* p = static_cast<uint8_t*>(std::calloc(size_bytes, 1));
  if (p == nullptr) return nullptr;
  return std::shared_ptr<MapImage>(new MapImage(p, size_bytes));
}

MapImage::~MapImage() { std::free(data_); }

namespace {

// Calls fn for every mapping still held, forgetting the released ones.
template <typename Fn>
void ForEachMapping(Node& file, Fn fn) {
  std::erase_if(file.mappings, [](const std::weak_ptr<MapImage>& m) { return m.expired(); });
  for (const auto& weak : file.mappings) {
    if (auto m = weak.lock()) fn(*m);
  }
}

uint64_t PagesFor(uint64_t size_bytes) {
  return (size_bytes + PageContent::kPageSizeBytes - 1) / PageContent::kPageSizeBytes;
}

uint64_t SectorsFor(uint64_t size_bytes) {
  return (size_bytes + kSectorSizeBytes - 1) / kSectorSizeBytes;
}

// Writing pages again dirties them (a failed fsync's loss ends there), and
// writing sectors again lets the disk remap them (a latent error ends).
void HealWrittenRange(Node& file, uint64_t offset, uint64_t length_bytes) {
  const uint64_t end = offset + length_bytes;
  const auto pages_from = file.lost_pages.lower_bound(offset / PageContent::kPageSizeBytes);
  file.lost_pages.erase(pages_from, file.lost_pages.lower_bound(PagesFor(end)));
  const auto sectors_from = file.bad_sectors.lower_bound(offset / kSectorSizeBytes);
  file.bad_sectors.erase(sectors_from, file.bad_sectors.lower_bound(SectorsFor(end)));
}

// A shrink takes the lost pages and bad sectors wholly past the new end
// with it; a page or sector the end falls inside keeps its state.
void DropPastEnd(Node& file, uint64_t size_bytes) {
  file.lost_pages.erase(file.lost_pages.lower_bound(PagesFor(size_bytes)), file.lost_pages.end());
  file.bad_sectors.erase(file.bad_sectors.lower_bound(SectorsFor(size_bytes)),
                         file.bad_sectors.end());
}

}  // namespace

void WriteFile(Node& file, uint64_t offset, tsdb::ByteView data, uint64_t seq) {
  SaveVersionsBeforeChange(file, offset, offset + data.size());
  if (!data.empty()) HealWrittenRange(file, offset, data.size());
  const uint64_t size_before = file.visible.size_bytes();
  file.visible.Write(offset, data);
  const uint64_t size_after = file.visible.size_bytes();
  file.unsynced.push_back({.seq = seq, .offset_bytes = offset, .length_bytes = data.size(),
                           .size_before_bytes = size_before, .size_after_bytes = size_after});
  if (!data.empty()) file.versions_end_bytes = std::max(file.versions_end_bytes, size_after);
  ForEachMapping(file, [&](MapImage& m) {
    if (offset >= m.size()) return;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(data.size(), m.size() - offset));
    std::memcpy(m.data() + offset, data.data(), n);
  });
}

void ResizeFile(Node& file, uint64_t size_bytes, uint64_t seq) {
  const uint64_t size_before = file.visible.size_bytes();
  if (size_bytes < size_before) SaveVersionsBeforeChange(file, size_bytes, UINT64_MAX);
  file.visible.Resize(size_bytes);
  DropPastEnd(file, size_bytes);
  file.unsynced.push_back({.seq = seq, .offset_bytes = size_bytes, .resize = true,
                           .size_before_bytes = size_before, .size_after_bytes = size_bytes});
  // Past the end a real mapping faults (SIGBUS); zeros are what the pages
  // show if the file grows back, and what a simulator can offer meanwhile.
  ForEachMapping(file, [&](MapImage& m) {
    if (size_bytes >= m.size()) return;
    std::memset(m.data() + size_bytes, 0, m.size() - static_cast<size_t>(size_bytes));
  });
}

void SyncFile(Node& file) {
  PageContent before = std::move(file.durable);
  file.durable = file.visible;
  const uint64_t pages = PagesFor(file.durable.size_bytes());
  for (const uint64_t p : file.lost_pages) {
    if (p < pages) file.durable.CopyPageFrom(before, p);
  }
  file.unsynced.clear();
  file.versions_end_bytes = 0;
}

void FailSync(Node& file) {
  // Pages a later truncation cut off are gone, not lost.
  const uint64_t pages = PagesFor(file.visible.size_bytes());
  for (const UnsyncedWrite& w : file.unsynced) {
    if (w.resize || w.length_bytes == 0) continue;
    const uint64_t end = std::min(w.offset_bytes + w.length_bytes, pages * PageContent::kPageSizeBytes);
    if (end <= w.offset_bytes) continue;
    const uint64_t last = (end - 1) / PageContent::kPageSizeBytes;
    for (uint64_t p = w.offset_bytes / PageContent::kPageSizeBytes; p <= last; p++) {
      file.lost_pages.insert(p);
    }
  }
  std::erase_if(file.unsynced, [](const UnsyncedWrite& w) { return !w.resize; });
  file.versions_end_bytes = 0;
}

void MarkBadSectors(Node& file, uint64_t offset, uint64_t length_bytes) {
  if (length_bytes == 0) return;
  const uint64_t last = (offset + length_bytes - 1) / kSectorSizeBytes;
  for (uint64_t s = offset / kSectorSizeBytes; s <= last; s++) file.bad_sectors.insert(s);
}

bool HasBadSector(const Node& file, uint64_t offset, uint64_t length_bytes) {
  if (length_bytes == 0) return false;
  const auto it = file.bad_sectors.lower_bound(offset / kSectorSizeBytes);
  return it != file.bad_sectors.end() && *it <= (offset + length_bytes - 1) / kSectorSizeBytes;
}

std::shared_ptr<MapImage> MapFile(Node& file) {
  auto image = MapImage::Allocate(static_cast<size_t>(file.visible.size_bytes()));
  if (image == nullptr) return nullptr;
  file.visible.ForEachStoredPage([&](uint64_t offset, tsdb::ByteView page) {
    std::memcpy(image->data() + offset, page.data(), page.size());
  });
  std::erase_if(file.mappings, [](const std::weak_ptr<MapImage>& m) { return m.expired(); });
  file.mappings.push_back(image);
  return image;
}

void DetachMappings(Node& file) { file.mappings.clear(); }

void RevertFileToDurable(Node& file) {
  PageContent disk = file.durable;
  RevertFileTo(file, std::move(disk));
}

void RevertFileTo(Node& file, PageContent disk) {
  file.durable = std::move(disk);
  file.visible = file.durable;
  file.unsynced.clear();
  file.versions_end_bytes = 0;
  file.lost_pages.clear();
  DropPastEnd(file, file.visible.size_bytes());
}

}  // namespace tsdbsim::fault
