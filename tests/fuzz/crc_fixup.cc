#include "tests/fuzz/crc_fixup.h"

#include <algorithm>
#include <optional>

#include "engine/base/coding.h"
#include "engine/base/crc32c.h"
#include "engine/block/block_format.h"
#include "engine/chunks/block_chunks_format.h"
#include "engine/chunks/head_chunks_format.h"
#include "engine/index/index_format.h"

namespace tsdb::fuzz {
namespace {

// Writes the CRC of [from, to) at `to`; the caller checked to + 4 <= size.
void PutCrc(MutableBytes* f, uint64_t from, uint64_t to) {
  const uint32_t crc = Crc32c(ByteView(f->data() + from, to - from));
  PutBE32(f->data() + to, crc);
}

// A `u32 length | body | CRC` index section at `offset` that ends before
// `end`: its body's position and size, or nothing.
struct Span {
  uint64_t at = 0;
  uint64_t size = 0;
};
std::optional<Span> SectionBody(const MutableBytes& f, uint64_t end, uint64_t offset) {
  if (offset > end || end - offset < index::kSectionLengthSizeBytes) return std::nullopt;
  const uint64_t len = GetBE32(f.data() + offset);
  const uint64_t body = offset + index::kSectionLengthSizeBytes;
  if (end - body < len + index::kCrcSizeBytes) return std::nullopt;
  return Span{body, len};
}

void FixSection(MutableBytes* f, uint64_t end, uint64_t offset) {
  if (const auto s = SectionBody(*f, end, offset)) PutCrc(f, s->at, s->at + s->size);
}

// A series entry: uvarint length | body | CRC.
void FixSeries(MutableBytes* f, uint64_t end, uint64_t offset) {
  if (offset < index::kIndexHeaderSizeBytes || offset >= end) return;
  uint64_t len = 0;
  const size_t avail = std::min<uint64_t>(end - offset, kMaxVarintBytes);
  const int n = DecodeUvarint(f->data() + offset, avail, &len);
  if (n <= 0) return;
  const uint64_t body = offset + static_cast<uint64_t>(n);
  if (end - body < index::kCrcSizeBytes || len > end - body - index::kCrcSizeBytes) return;
  PutCrc(f, body, body + len);
}

// Offsets stored in the postings offset table (keys, name, value, offset).
std::vector<uint64_t> PostingsOffsets(const MutableBytes& f, Span table, size_t max_items) {
  std::vector<uint64_t> out;
  Decbuf d(ByteView(f.data() + table.at, table.size));
  uint32_t count = d.BE32();
  while (d.ok() && count-- > 0 && out.size() < max_items) {
    d.Uvarint();
    d.UvarintStr();
    d.UvarintStr();
    const uint64_t offset = d.Uvarint();
    if (d.ok()) out.push_back(offset);
  }
  return out;
}

void FixLabelIndices(MutableBytes* f, uint64_t end, uint64_t table_offset, size_t max_items) {
  const auto table = SectionBody(*f, end, table_offset);
  if (!table) return;
  Decbuf d(ByteView(f->data() + table->at, table->size));
  uint32_t count = d.BE32();
  for (size_t i = 0; d.ok() && count-- > 0 && i < max_items; i++) {
    const uint64_t keys = d.Uvarint();
    for (uint64_t k = 0; k < keys && d.ok(); k++) d.UvarintStr();
    const uint64_t offset = d.Uvarint();
    if (d.ok()) FixSection(f, end, offset);
  }
}

}  // namespace

void FixHeadChunkCrcs(MutableBytes* file) {
  using namespace chunks;
  const uint64_t size = file->size();
  uint64_t off = kHeadChunksHeaderSizeBytes;
  while (off < size && size - off >= kMaxHeadChunkMetaSizeBytes) {
    const uint8_t* p = file->data() + off;
    if (GetBE64(p) == 0 && GetBE64(p + 8) == 0 && GetBE64(p + 16) == 0) return;
    const uint64_t len_at = off + kSeriesRefSizeBytes + 2 * kMintMaxtSizeBytes + kEncodingSizeBytes;
    uint64_t len = 0;
    const int n = DecodeUvarint(file->data() + len_at, kMaxLengthFieldSizeBytes, &len);
    if (n <= 0) return;
    const uint64_t data = len_at + static_cast<uint64_t>(n);
    if (len > size - data || size - data - len < kCrcSizeBytes) return;
    PutCrc(file, off, data + len);
    off = data + len + kCrcSizeBytes;
  }
}

void FixBlockChunkCrcs(MutableBytes* file) {
  using namespace chunks;
  const uint64_t size = file->size();
  uint64_t off = kBlockChunksHeaderSizeBytes;
  while (off < size && size - off >= kBlockChunkLengthFieldSizeBytes) {
    uint64_t len = 0;
    const int n = DecodeUvarint(file->data() + off, kBlockChunkLengthFieldSizeBytes, &len);
    if (n <= 0) return;
    const uint64_t enc = off + static_cast<uint64_t>(n);
    const uint64_t data = enc + kBlockChunkEncodingSizeBytes;
    if (data > size || len > size - data || size - data - len < kBlockChunkCrcSizeBytes) return;
    PutCrc(file, enc, data + len);
    off = data + len + kBlockChunkCrcSizeBytes;
  }
}

void FixTombstonesCrc(MutableBytes* file) {
  const uint64_t header = tombstones::kTombstonesHeaderSizeBytes;
  if (file->size() < header + tombstones::kTombstonesCrcSizeBytes) return;
  PutCrc(file, header, file->size() - tombstones::kTombstonesCrcSizeBytes);
}

void FixIndexCrcs(MutableBytes* file, size_t max_items) {
  using namespace index;
  MutableBytes& f = *file;
  if (f.size() < kIndexHeaderSizeBytes + kTocSizeBytes) return;
  const uint64_t end = f.size() - kTocSizeBytes;
  uint64_t toc[kTocEntries];
  for (int i = 0; i < kTocEntries; i++) toc[i] = GetBE64(f.data() + end + 8 * i);
  const uint64_t scale = f[4] == kIndexFormatV2 ? kSeriesAlignment : 1;
  // Innermost first: a section's CRC must see the bytes of anything inside it.
  if (const auto table = SectionBody(f, end, toc[5])) {
    size_t series = 0;
    for (const uint64_t offset : PostingsOffsets(f, *table, max_items)) {
      const auto list = SectionBody(f, end, offset);
      if (!list || list->size < 4) continue;
      for (uint64_t i = 4; i + 4 <= list->size && series < max_items; i += 4, series++) {
        FixSeries(file, end, GetBE32(f.data() + list->at + i) * scale);
      }
      FixSection(file, end, offset);
    }
  }
  FixLabelIndices(file, end, toc[3], max_items);
  for (const int section : {0, 3, 5}) FixSection(file, end, toc[section]);
  PutCrc(file, end, end + kTocEntries * 8);
}

}  // namespace tsdb::fuzz
