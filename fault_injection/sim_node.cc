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

}  // namespace

void WriteFile(Node& file, uint64_t offset, tsdb::ByteView data, uint64_t seq) {
  SaveVersionsBeforeChange(file, offset, offset + data.size());
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
  file.durable = file.visible;
  file.unsynced.clear();
  file.versions_end_bytes = 0;
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
}

}  // namespace tsdbsim::fault
