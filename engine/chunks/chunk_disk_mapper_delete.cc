// ChunkDiskMapper: deleting files (2.42's Truncate, DeleteCorrupted,
// deleteFiles).
#include <algorithm>

#include "engine/chunks/chunk_disk_mapper_impl.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"

namespace tsdb::chunks {

// Files are deleted from the oldest up, so a failure part way leaves a
// contiguous run that the next startup accepts.
Status ChunkDiskMapperImpl::Truncate(uint32_t file_number) {
  TSDB_RETURN_IF_ERROR(CheckOpen());
  std::vector<uint32_t> removed;
  for (const auto& [seq, unused] : files_) {
    // cur_seq_ is 0 until the first write after startup, so then nothing
    // but file_number stops the deletion.
    if (seq == cur_seq_ || seq >= file_number) break;
    removed.push_back(seq);
  }
  const bool removing_all = removed.size() == files_.size();
  // Chunks in the open file keep it alive, so later chunks go to a new file
  // that a later truncation can delete on its own.
  if (cur_size_ > static_cast<uint64_t>(kHeadChunksHeaderSizeBytes)) pos_.cut_file = true;
  std::vector<uint32_t> pending;
  const Status s = DeleteFiles(removed, &pending);
  if (removing_all) {
    // With no file left numbering restarts; the directory decides the next
    // file's number, and it must agree with the position.
    pos_.seq = s.ok() ? 0 : pending.back();
  }
  return s;
}

Status ChunkDiskMapperImpl::DeleteFilesFrom(uint32_t file_number) {
  TSDB_RETURN_IF_ERROR(CheckOpen());
  std::vector<uint32_t> removed;
  uint32_t last_kept = 0;
  for (const auto& [seq, unused] : files_) {
    if (seq >= file_number) {
      removed.push_back(seq);
    } else {
      last_kept = seq;
    }
  }
  std::vector<uint32_t> pending;
  const Status s = DeleteFiles(removed, &pending);
  pos_.seq = s.ok() ? last_kept : pending.back();
  return s;
}

Status ChunkDiskMapperImpl::DeleteFiles(const std::vector<uint32_t>& seqs,
                                        std::vector<uint32_t>* pending) {
  TSDB_ASSERT(std::is_sorted(seqs.begin(), seqs.end()));
  // Forget them all first, as 2.42 unmaps them all before unlinking any:
  // a file that then fails to be unlinked is no longer readable either.
  for (const uint32_t seq : seqs) {
    files_.erase(seq);
    if (seq == cur_seq_ && writer_.has_file()) {
      writer_.Abandon();
      cur_seq_ = 0;
      cur_size_ = 0;
      pos_.offset = 0;  // the next write starts a new file
    }
  }
  for (size_t i = 0; i < seqs.size(); i++) {
    const Status s = fs_->Remove(JoinPath(dir_, HeadChunkFileName(seqs[i])));
    if (!s.ok()) {
      pending->assign(seqs.begin() + static_cast<std::ptrdiff_t>(i), seqs.end());
      return s;
    }
    metrics_.files_deleted_total++;
    Emit({.type = EventType::kHeadChunkFileDeleted, .count = seqs[i]});
  }
  return {};
}

}  // namespace tsdb::chunks
