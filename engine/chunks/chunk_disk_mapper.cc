// ChunkDiskMapper: construction and startup (2.42's NewChunkDiskMapper and
// openMMapFiles), plus the small shared pieces.
#include <cinttypes>
#include <cstdio>
#include <iterator>

#include "engine/chunks/chunk_disk_mapper_impl.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"

namespace tsdb::chunks {
namespace {

constexpr int64_t kMinWriteBufferSize = 64 * 1024;
constexpr int64_t kMaxWriteBufferSize = 8 * 1024 * 1024;

Status ValidateOptions(const ChunkDiskMapperOptions& o) {
  char msg[160];
  const int64_t b = o.write_buffer_size_bytes;
  if (b < kMinWriteBufferSize || b > kMaxWriteBufferSize) {
    std::snprintf(msg, sizeof msg,
                  "ChunkDiskMapper write buffer size should be between %" PRId64 " and %" PRId64
                  " (actual: %" PRId64 ")",
                  kMinWriteBufferSize, kMaxWriteBufferSize, b);
    return Status::InvalidArgument(msg);
  }
  if (b % 1024 != 0) {
    std::snprintf(msg, sizeof msg,
                  "ChunkDiskMapper write buffer size should be a multiple of 1024 (actual: %" PRId64
                  ")",
                  b);
    return Status::InvalidArgument(msg);
  }
  // Not configurable in 2.42; tests shrink it. Entry offsets must stay well
  // inside the 32 bits of a chunk reference.
  if (o.max_file_size_bytes <= kHeadChunksHeaderSizeBytes ||
      o.max_file_size_bytes > int64_t{1} << 30) {
    return Status::InvalidArgument("ChunkDiskMapper max file size must be in 9 B..1 GiB");
  }
  return {};
}

}  // namespace

std::optional<uint64_t> ParseHeadChunkFileNumber(std::string_view name) {
  if (name.empty() || name.size() > 20) return std::nullopt;
  uint64_t v = 0;
  for (const char c : name) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

Result<std::map<uint64_t, std::string>> ListHeadChunkFiles(Filesystem& fs, const std::string& dir) {
  TSDB_ASSIGN_OR_RETURN(auto entries, fs.List(dir));
  std::map<uint64_t, std::string> files;
  for (const DirEntry& e : entries) {
    if (auto n = ParseHeadChunkFileNumber(e.name)) files[*n] = JoinPath(dir, e.name);
  }
  return files;
}

Result<std::unique_ptr<ChunkDiskMapper>> ChunkDiskMapper::Open(Filesystem* fs, std::string dir,
                                                               ChunkDiskMapperOptions options,
                                                               EventSink* sink) {
  TSDB_ASSERT(fs != nullptr);
  TSDB_RETURN_IF_ERROR(ValidateOptions(options));
  TSDB_RETURN_IF_ERROR(fs->MkdirAll(dir));
  auto m = std::make_unique<ChunkDiskMapperImpl>(fs, std::move(dir), options, sink);
  TSDB_RETURN_IF_ERROR(m->OpenFiles());
  return std::unique_ptr<ChunkDiskMapper>(std::move(m));
}

ChunkDiskMapperImpl::ChunkDiskMapperImpl(Filesystem* fs, std::string dir,
                                         ChunkDiskMapperOptions options, EventSink* sink)
    : fs_(fs),
      dir_(std::move(dir)),
      options_(options),
      sink_(sink != nullptr ? sink : NullEventSink::Instance()),
      writer_(static_cast<size_t>(options.write_buffer_size_bytes), this) {}

// Without Close the buffer is simply lost, as when the process is killed.
ChunkDiskMapperImpl::~ChunkDiskMapperImpl() = default;

Status ChunkDiskMapperImpl::OpenFiles() {
  TSDB_ASSIGN_OR_RETURN(auto files, ListHeadChunkFiles(*fs_, dir_));
  TSDB_RETURN_IF_ERROR(RepairLastFile(&files));
  if (!files.empty() && files.rbegin()->first > UINT32_MAX) {
    return Status::Corruption(files.rbegin()->second +
                              ": head chunk file number does not fit a chunk reference");
  }
  for (const auto& [seq, path] : files) {
    auto map = fs_->MapReadOnly(path);
    if (!map.ok()) return map.status().Wrap("mmap files, file: " + path);
    files_[static_cast<uint32_t>(seq)] = {.map = std::move(map).value(), .fresh = true};
  }
  TSDB_RETURN_IF_ERROR(CheckSequence(files));
  for (const auto& [seq, f] : files_) {
    TSDB_RETURN_IF_ERROR(ValidateHeadChunkFileHeader(f.map->data(), seq));
  }
  if (!files_.empty()) pos_.seq = files_.rbegin()->first;
  return {};
}

// 2.42 does not fsync a new file's directory entry together with its header,
// so a crash can leave a last file without even its magic number. Such a
// file holds no chunk and is deleted. A wrong but non-zero magic is left for
// the header check, which fails the open.
Status ChunkDiskMapperImpl::RepairLastFile(std::map<uint64_t, std::string>* files) {
  if (files->empty() || files->rbegin()->first == 0) return {};
  const auto& [seq, path] = *files->rbegin();
  auto f = fs_->OpenRead(path);
  if (!f.ok()) return f.status().Wrap("open file during last head chunk file repair");
  uint8_t magic[kHeadChunksMagicSizeBytes] = {};
  auto n = (*f)->ReadAt(0, magic);
  if (!n.ok()) {
    return n.status().Wrap("failed to read magic number during last head chunk file repair");
  }
  if (*n == kHeadChunksMagicSizeBytes && GetBE32(magic) != 0) return {};
  const Status s = fs_->RemoveAll(path);
  if (!s.ok()) return s.Wrap("delete corrupted, empty head chunk file during last file repair");
  metrics_.files_deleted_total++;
  Emit({.type = EventType::kHeadChunkFileDeleted, .count = static_cast<int64_t>(seq)});
  files->erase(seq);
  return {};
}

Status ChunkDiskMapperImpl::CheckSequence(const std::map<uint64_t, std::string>& files) const {
  for (auto it = files.begin(); it != files.end() && std::next(it) != files.end(); ++it) {
    const auto next = std::next(it);
    if (next->first == it->first + 1) continue;
    char msg[64];
    std::snprintf(msg, sizeof msg, " (index: %" PRIu64 ") and ", it->first);
    std::string m = "found unsequential head chunk files " + it->second + msg + next->second;
    std::snprintf(msg, sizeof msg, " (index: %" PRIu64 ")", next->first);
    return Status::Corruption(m + msg);
  }
  return {};
}

Status ChunkDiskMapperImpl::CheckOpen() const {
  if (closed_) return {StatusCode::kClosed, "ChunkDiskMapper closed"};
  return {};
}

std::vector<uint32_t> ChunkDiskMapperImpl::Files() const {
  std::vector<uint32_t> out;
  out.reserve(files_.size());
  for (const auto& [seq, f] : files_) out.push_back(seq);
  return out;
}

}  // namespace tsdb::chunks
