#include "engine/block/block_reader.h"

#include <charconv>

#include "engine/block/block_format.h"
#include "engine/chunks/block_chunks_format.h"

namespace tsdb::block {
namespace {

// Segment files are the names that parse as unsigned decimal numbers; 2.42
// ignores anything else in chunks/ (a leftover 000002.tmp, say).
bool IsSegmentName(const std::string& name) {
  uint64_t v = 0;
  const char* end = name.data() + name.size();
  const auto [p, ec] = std::from_chars(name.data(), end, v);
  return !name.empty() && ec == std::errc() && p == end;
}

}  // namespace

Status BlockReader::OpenChunks(Filesystem& fs) {
  const std::string dir = JoinPath(dir_, std::string(kChunksDirname));
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs.List(dir));  // sorted by name
  for (const DirEntry& e : entries) {
    if (e.is_dir || !IsSegmentName(e.name)) continue;
    Segment s;
    s.path = JoinPath(dir, e.name);
    TSDB_ASSIGN_OR_RETURN(s.file, fs.MapReadOnly(s.path));
    const auto position = static_cast<uint32_t>(segments_.size());
    TSDB_RETURN_IF_ERROR(
        chunks::ValidateBlockChunkSegmentHeader(s.file->data(), position).Wrap(s.path));
    size_bytes_ += s.file->data().size();
    segments_.push_back(std::move(s));
  }
  return Status::Ok();
}

Result<std::unique_ptr<BlockReader>> BlockReader::Open(Filesystem& fs, const std::string& dir) {
  std::unique_ptr<BlockReader> r(new BlockReader());
  r->dir_ = dir;
  TSDB_ASSIGN_OR_RETURN(r->meta_, ReadMetaFile(fs, dir));
  if (Result<FileInfo> info = fs.Stat(JoinPath(dir, std::string(kMetaFilename))); info.ok()) {
    r->size_bytes_ += info->size_bytes;
  }
  TSDB_RETURN_IF_ERROR(r->OpenChunks(fs));

  const std::string index_path = JoinPath(dir, std::string(kIndexFilename));
  TSDB_ASSIGN_OR_RETURN(r->index_file_, fs.MapReadOnly(index_path));
  TSDB_ASSIGN_OR_RETURN(r->index_, index::IndexReader::Open(r->index_file_->data(), index_path));
  r->size_bytes_ += r->index_file_->data().size();

  TSDB_ASSIGN_OR_RETURN(r->tombstones_, tombstones::ReadTombstonesFile(fs, dir));
  if (Result<FileInfo> info = fs.Stat(JoinPath(dir, std::string(kTombstonesFilename))); info.ok()) {
    r->size_bytes_ += info->size_bytes;
  }
  return r;
}

Result<chunks::BlockChunkEntry> BlockReader::Chunk(uint64_t ref) const {
  const uint32_t seg = chunks::BlockChunkRefSegment(ref);
  if (seg >= segments_.size()) {
    return Status::Corruption("block " + dir_ + ": chunk ref " + std::to_string(ref) +
                              " names segment " + std::to_string(seg) + " of " +
                              std::to_string(segments_.size()));
  }
  Result<chunks::BlockChunkEntry> e =
      chunks::ChunkAt(segments_[seg].file->data(), chunks::BlockChunkRefOffset(ref));
  if (!e.ok()) return e.status().Wrap("block chunk segment " + segments_[seg].path);
  return e;
}

Result<index::IndexSeriesIterator> BlockReader::Series() const {
  TSDB_ASSIGN_OR_RETURN(const index::PostingsView all, index_->AllPostings());
  return index::IndexSeriesIterator(*index_, all);
}

}  // namespace tsdb::block
