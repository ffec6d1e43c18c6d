// Opens a persisted block directory (PROMETHEUS.md §9): meta.json, the
// chunks/ segments and the index mapped read-only through the Filesystem,
// and the tombstones. Series come from the index in label order; their chunk
// bytes are fetched by the refs the index stores.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/meta.h"
#include "engine/block/tombstones_file.h"
#include "engine/chunks/block_chunk_reader.h"
#include "engine/index/index_reader.h"

namespace tsdb::block {

class BlockReader {
 public:
  // Fails with the first problem found: unreadable or invalid meta.json, a
  // chunk segment with a bad header, an index whose header, TOC, symbols or
  // postings table do not check out, or a corrupt tombstones file.
  static Result<std::unique_ptr<BlockReader>> Open(Filesystem& fs, const std::string& dir);

  const std::string& dir() const { return dir_; }
  const BlockMeta& meta() const { return meta_; }
  const index::IndexReader& index() const { return *index_; }
  const tombstones::MemTombstones& tombstones() const { return tombstones_; }
  size_t num_chunk_segments() const { return segments_.size(); }
  // Bytes on disk: chunks + index + tombstones + meta.json (2.42's Block.Size).
  uint64_t size_bytes() const { return size_bytes_; }

  // The chunk a ref from the index points at, its CRC checked.
  Result<chunks::BlockChunkEntry> Chunk(uint64_t ref) const;

  // Every series in label order.
  Result<index::IndexSeriesIterator> Series() const;
  // Only the series of a postings list (e.g. index().Postings(name, value)).
  index::IndexSeriesIterator Series(index::PostingsView postings) const {
    return index::IndexSeriesIterator(*index_, postings);
  }
  index::IndexSeriesIterator Series(std::vector<index::SeriesRef> refs) const {
    return index::IndexSeriesIterator(*index_, std::move(refs));
  }

 private:
  struct Segment {
    std::string path;
    std::unique_ptr<MappedFile> file;
  };
  BlockReader() = default;
  Status OpenChunks(Filesystem& fs);

  std::string dir_;
  BlockMeta meta_;
  std::vector<Segment> segments_;
  std::unique_ptr<MappedFile> index_file_;
  std::unique_ptr<index::IndexReader> index_;
  tombstones::MemTombstones tombstones_;
  uint64_t size_bytes_ = 0;
};

}  // namespace tsdb::block
