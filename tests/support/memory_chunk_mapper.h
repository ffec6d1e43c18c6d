// A ChunkDiskMapper that keeps chunks in memory: lets head tests run
// without files and count what was mmapped.
#pragma once

#include <map>

#include "engine/chunks/chunk_disk_mapper.h"

namespace tsdb::testing {

class MemoryChunkMapper final : public chunks::ChunkDiskMapper {
 public:
  struct Stored {
    uint64_t series_ref;
    int64_t mint, maxt;
    Bytes data;
  };

  Result<chunks::ChunkDiskRef> WriteChunk(uint64_t series_ref, int64_t mint, int64_t maxt,
                                          chunkenc::Encoding, ByteView chunk) override {
    const chunks::ChunkDiskRef ref = chunks::MakeChunkDiskRef(1, next_offset_);
    next_offset_ += static_cast<uint32_t>(chunk.size() + 30);
    stored_[ref] = {series_ref, mint, maxt, Bytes(chunk.begin(), chunk.end())};
    order_.push_back(ref);
    metrics_.chunks_written_total++;
    return ref;
  }
  Status ReadChunk(chunks::ChunkDiskRef ref, Bytes* out) override {
    auto it = stored_.find(ref);
    if (it == stored_.end()) return Status::NotFound("no chunk");
    *out = it->second.data;
    return {};
  }
  Status IterateAllChunks(const std::function<Status(const chunks::MappedChunkInfo&)>& fn) override {
    for (auto ref : order_) {
      const Stored& s = stored_[ref];
      TSDB_RETURN_IF_ERROR(fn({s.series_ref, ref, s.mint, s.maxt, GetBE16(s.data.data()), 1}));
    }
    return {};
  }
  std::optional<uint32_t> LastCorruptFile() const override { return std::nullopt; }
  Status Truncate(uint32_t) override { return {}; }
  Status DeleteFilesFrom(uint32_t) override { return {}; }
  Status Flush() override { return {}; }
  Status Close() override { return {}; }
  std::vector<uint32_t> Files() const override { return {1}; }
  const chunks::ChunkDiskMapperMetrics& metrics() const override { return metrics_; }

  const std::vector<chunks::ChunkDiskRef>& order() const { return order_; }
  const Stored& stored(chunks::ChunkDiskRef r) const { return stored_.at(r); }

 private:
  uint32_t next_offset_ = 8;
  std::map<chunks::ChunkDiskRef, Stored> stored_;
  std::vector<chunks::ChunkDiskRef> order_;
  chunks::ChunkDiskMapperMetrics metrics_;
};

}  // namespace tsdb::testing
