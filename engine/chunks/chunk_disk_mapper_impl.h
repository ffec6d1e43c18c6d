// The ChunkDiskMapper implementation, split by concern like 2.42's
// head_chunks.go: startup (chunk_disk_mapper.cc), writing
// (chunk_disk_mapper_write.cc), reading (chunk_disk_mapper_read.cc) and
// deleting files (chunk_disk_mapper_delete.cc).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/chunks/head_chunk_file_writer.h"

namespace tsdb::chunks {

// A file name Go's strconv.ParseUint(name, 10, 64) accepts: 1 to 20 decimal
// digits without sign, fitting 64 bits. Other names in chunks_head/ are not
// chunk files.
std::optional<uint64_t> ParseHeadChunkFileNumber(std::string_view name);

// The numbered entries of dir, by number, as full paths.
Result<std::map<uint64_t, std::string>> ListHeadChunkFiles(Filesystem& fs, const std::string& dir);

class ChunkDiskMapperImpl final : public ChunkDiskMapper, private FileWriteObserver {
 public:
  ChunkDiskMapperImpl(Filesystem* fs, std::string dir, ChunkDiskMapperOptions options,
                      EventSink* sink);
  ~ChunkDiskMapperImpl() override;

  // 2.42's openMMapFiles: run once by Open.
  Status OpenFiles();

  Result<ChunkDiskRef> WriteChunk(uint64_t series_ref, int64_t mint, int64_t maxt,
                                  chunkenc::Encoding encoding, ByteView chunk) override;
  Status ReadChunk(ChunkDiskRef ref, Bytes* out) override;
  Status IterateAllChunks(const std::function<Status(const MappedChunkInfo&)>& fn) override;
  std::optional<uint32_t> LastCorruptFile() const override { return last_corrupt_file_; }
  Status Truncate(uint32_t file_number) override;
  Status DeleteFilesFrom(uint32_t file_number) override;
  void CutNewFile() override { pos_.cut_file = true; }
  Status Flush() override;
  Status Close() override;
  std::vector<uint32_t> Files() const override;
  const ChunkDiskMapperMetrics& metrics() const override { return metrics_; }

 private:
  // Where the next entry will go (2.42's chunkPos). Kept apart from the
  // open file because 2.42 keeps them apart: after a restart the position
  // names the last file on disk while no file is open.
  struct Position {
    uint32_t seq = 0;
    uint64_t offset = 0;  // 0: nothing written since startup, the next write cuts
    bool cut_file = false;
  };
  // A file on disk and its read-only mapping. The mapping is taken when a
  // read needs it and taken again after the file was written to, so it
  // always covers what has been written, on any Filesystem.
  struct MappedFileState {
    std::unique_ptr<MappedFile> map;
    bool fresh = false;
  };

  // Startup.
  Status RepairLastFile(std::map<uint64_t, std::string>* files);
  Status CheckSequence(const std::map<uint64_t, std::string>& files) const;

  // Writing.
  ChunkDiskRef NextChunkRef(uint64_t entry_bytes, bool* cut);
  Status CutAndExpectRef(ChunkDiskRef ref);
  Status FinalizeCurrentFile();
  Status WriteEntry(uint64_t series_ref, int64_t mint, int64_t maxt, uint8_t encoding,
                    ByteView chunk);
  void OnFileWrite(uint64_t offset, uint64_t bytes) override;

  // Reading.
  Result<ByteView> FileBytes(uint32_t seq);

  // Deleting: forgets seqs (ascending) and removes them from disk in order.
  // On failure *pending holds the files still on disk.
  Status DeleteFiles(const std::vector<uint32_t>& seqs, std::vector<uint32_t>* pending);

  void Emit(const Event& e) { sink_->OnEvent(e); }
  Status CheckOpen() const;

  Filesystem* fs_;
  std::string dir_;
  ChunkDiskMapperOptions options_;
  EventSink* sink_;

  std::map<uint32_t, MappedFileState> files_;
  Position pos_;
  uint32_t cur_seq_ = 0;   // the file open for writing, 0 if none (2.42's curFileSequence)
  uint64_t cur_size_ = 0;  // its bytes written, buffer included (2.42's curFileOffset)
  BufferedFileWriter writer_;

  ChunkDiskMapperMetrics metrics_;
  std::optional<uint32_t> last_corrupt_file_;
  bool closed_ = false;
};

}  // namespace tsdb::chunks
