#include "sim/cli/datadir/repair_files.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "engine/base/crc32c.h"
#include "engine/block/ulid.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/wlog/segments.h"

namespace tsdbsim::repair {

std::optional<FileId> StatFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino),
                static_cast<int64_t>(st.st_size),
                static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// Walks the entries of a head chunk file by their lengths alone, past bad
// checksums, to count what was on disk (replay stops at the first error).
void WalkEntries(ByteView b, ChunkFile* f) {
  constexpr size_t kHeader = 8, kMeta = 8 + 8 + 8 + 1, kCrc = 4;
  size_t off = kHeader;
  while (off < b.size()) {
    if (std::all_of(b.begin() + static_cast<std::ptrdiff_t>(off), b.end(), [](uint8_t c) { return c == 0; })) return;
    if (off + kMeta >= b.size()) break;
    const uint8_t* p = b.data() + off;
    if (tsdb::GetBE64(p) == 0 && tsdb::GetBE64(p + 8) == 0 && tsdb::GetBE64(p + 16) == 0) return;
    size_t q = off + kMeta;
    uint64_t len = 0;
    int shift = 0;
    while (q < b.size() && shift < 35) {
      const uint8_t c = b[q++];
      len |= uint64_t{c & 0x7fu} << shift;
      shift += 7;
      if (c < 0x80) break;
    }
    if (shift >= 35 || len > b.size() || q + len + kCrc > b.size()) break;
    const uint32_t want = tsdb::GetBE32(b.data() + q + len);
    if (tsdb::Crc32c(b.subspan(off, q + len - off)) != want) f->bad_crc++;
    f->entries++;
    off = q + len + kCrc;
  }
  if (off < b.size()) f->unparseable_from = static_cast<int64_t>(off);
}

// Every numbered file of chunks_head/, walked as replay walks it. When
// mmapped is given, records each series' highest chunk maxt >= min_valid.
std::vector<ChunkFile> ScanChunksDir(tsdb::Filesystem& fs, const std::string& dir, int64_t min_valid,
                                     MmapMaxTime* mmapped) {
  std::vector<ChunkFile> out;
  auto entries = fs.List(dir);
  if (!entries.ok()) return out;
  for (const auto& e : *entries) {
    const int n = tsdb::wlog::ParseIndex(e.name);
    if (e.is_dir || n < 0) continue;
    ChunkFile f;
    f.number = static_cast<uint32_t>(n);
    f.name = e.name;
    const std::string path = tsdb::JoinPath(dir, e.name);
    f.id = StatFile(path).value_or(FileId{});
    auto map = fs.MapReadOnly(path);
    if (!map.ok()) {
      f.error = map.status().message();
    } else {
      const tsdb::Status s = tsdb::chunks::IterateHeadChunkFile(
          (*map)->data(), f.number, [&](const tsdb::chunks::HeadChunkEntry& c) -> tsdb::Status {
            f.chunks++;
            if (mmapped != nullptr && c.maxt >= min_valid) {
              auto [it, inserted] = mmapped->emplace(c.series_ref, c.maxt);
              if (!inserted) it->second = std::max(it->second, c.maxt);
            }
            return {};
          });
      if (!s.ok()) f.error = s.message();
      if ((*map)->data().size() >= 8) WalkEntries((*map)->data(), &f);
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const ChunkFile& a, const ChunkFile& b) { return a.number < b.number; });
  return out;
}

int64_t TotalChunks(const std::vector<ChunkFile>& files) {
  int64_t n = 0;
  for (const auto& f : files) n += f.entries;
  return n;
}

std::string ChunkFileList(const std::vector<ChunkFile>& files) {
  if (files.empty()) return "no files";
  std::string s;
  for (const auto& f : files) {
    if (!s.empty()) s += ", ";
    s += f.name + " (" + std::to_string(f.entries);
    if (f.bad_crc > 0) s += ", " + std::to_string(f.bad_crc) + " with a bad checksum";
    if (f.unparseable_from) s += ", unparseable from offset " + std::to_string(*f.unparseable_from);
    s += ")";
  }
  return s;
}

DirLock::~DirLock() {
  if (fd_ >= 0) ::close(fd_);
}

bool DirLock::TryLock(const std::string& dir, std::string* why) {
  const std::string path = tsdb::JoinPath(dir, "lock");
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return true;  // no lock file: nobody has it open
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    *why = path + " is locked: a running Prometheus is using this directory; stop it first";
    return false;
  }
  return true;
}

bool LooksLikeDataDir(tsdb::Filesystem& fs, const std::string& dir) {
  auto entries = fs.List(dir);
  if (!entries.ok()) return false;
  for (const auto& e : *entries) {
    if (!e.is_dir) continue;
    if (e.name == "wal" || e.name == "chunks_head" || tsdb::block::Ulid::IsValid(e.name)) return true;
  }
  return false;
}

}  // namespace tsdbsim::repair
