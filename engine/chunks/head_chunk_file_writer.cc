#include "engine/chunks/head_chunk_file_writer.h"

#include <algorithm>
#include <cstring>

#include "engine/chunks/head_chunk_reader.h"
#include "engine/chunks/head_chunks_format.h"

namespace tsdb::chunks {
namespace {

Bytes FileHeader() {
  Bytes h(kHeadChunksHeaderSizeBytes, 0);
  PutBE32(h.data(), kHeadChunksMagic);
  h[kHeadChunksMagicSizeBytes] = kHeadChunksFormatV1;
  return h;
}

// Everything between creating the .tmp file and the final rename.
Status PrepareAndRename(Filesystem* fs, const std::string& dir, WritableFile* file,
                        const std::string& tmp, const std::string& name) {
  Status s = file->Preallocate(kHeadChunkFilePreallocationBytes);
  if (!s.ok()) return s.Wrap("preallocate");
  // Makes the new directory entry durable before anything is written to it.
  s = fs->SyncDir(dir);
  if (!s.ok()) return s.Wrap("sync directory");
  s = file->PWrite(0, FileHeader());
  if (!s.ok()) return s.Wrap("write header");
  s = fs->Rename(tmp, name);
  if (!s.ok()) return s.Wrap("replace file");
  // 2.42's fileutil.Rename syncs the parent directory after renaming.
  s = fs->SyncDir(dir);
  if (!s.ok()) return s.Wrap("replace file");
  return {};
}

}  // namespace

Result<std::unique_ptr<WritableFile>> CreateHeadChunkFile(Filesystem* fs, const std::string& dir,
                                                          uint32_t file_number) {
  const std::string name = JoinPath(dir, HeadChunkFileName(file_number));
  const std::string tmp = name + ".tmp";
  auto created = fs->Create(tmp);
  if (!created.ok()) return created.status().Wrap("open temp file");
  std::unique_ptr<WritableFile> file = std::move(created).value();
  const Status s = PrepareAndRename(fs, dir, file.get(), tmp, name);
  if (!s.ok()) {
    // Leave no half-made file behind; the original error is what matters.
    (void)file->Close();
    if (Exists(*fs, tmp)) (void)fs->Remove(tmp);
    return s;
  }
  return file;
}

BufferedFileWriter::BufferedFileWriter(size_t buffer_size, FileWriteObserver* observer)
    : size_(buffer_size), observer_(observer) {
  TSDB_ASSERT(buffer_size > 0);
  TSDB_ASSERT(observer != nullptr);
}

void BufferedFileWriter::Reset(std::unique_ptr<WritableFile> file, uint64_t offset) {
  if (buf_ == nullptr) buf_ = std::make_unique_for_overwrite<uint8_t[]>(size_);
  file_ = std::move(file);
  offset_ = offset;
  n_ = 0;
  err_ = Status::Ok();
}

Status BufferedFileWriter::WriteOut(ByteView b) {
  if (file_ == nullptr) return {StatusCode::kClosed, "write to a closed head chunk file"};
  Status s = file_->PWrite(offset_, b);
  if (!s.ok()) return s;
  observer_->OnFileWrite(offset_, b.size());
  offset_ += b.size();
  return {};
}

Status BufferedFileWriter::Write(ByteView p) {
  // After a failed cut there is no file; refuse rather than buffer for nobody.
  if (file_ == nullptr) return {StatusCode::kClosed, "write to a closed head chunk file"};
  while (p.size() > Available() && err_.ok()) {
    if (n_ == 0) {
      // Larger than the whole buffer and nothing buffered: no point copying.
      err_ = WriteOut(p);
      if (err_.ok()) p = {};
    } else {
      const size_t k = Available();
      std::memcpy(buf_.get() + n_, p.data(), k);
      n_ += k;
      p = p.subspan(k);
      (void)Flush();  // a failure becomes the sticky error checked by the loop
    }
  }
  if (!err_.ok()) return err_;
  if (!p.empty()) std::memcpy(buf_.get() + n_, p.data(), p.size());
  n_ += p.size();
  return {};
}

Status BufferedFileWriter::Flush() {
  if (!err_.ok()) return err_;
  if (n_ == 0) return {};
  err_ = WriteOut({buf_.get(), n_});
  if (!err_.ok()) return err_;
  n_ = 0;
  return {};
}

Status BufferedFileWriter::FlushSyncClose() {
  if (file_ == nullptr) return {};
  TSDB_RETURN_IF_ERROR(Flush());
  TSDB_RETURN_IF_ERROR(file_->Sync());
  const Status s = file_->Close();
  file_.reset();
  return s;
}

void BufferedFileWriter::Abandon() {
  if (file_ != nullptr) (void)file_->Close();
  file_.reset();
  n_ = 0;
}

}  // namespace tsdb::chunks
