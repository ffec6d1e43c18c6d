// The write side of one chunks_head/ file (PROMETHEUS.md §5.3): creating a
// file the way 2.42 cuts one, and a write buffer that behaves exactly like
// Go's bufio.Writer, so the writes that reach the filesystem — the points the
// crash explorer cuts between — are the ones 2.42 makes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/base/coding.h"
#include "engine/base/filesystem.h"
#include "engine/base/status.h"

namespace tsdb::chunks {

// Every new file is extended to this size with zeros before its header is
// written (2.42: two minimum write buffers, non-Windows). Files are never
// shrunk afterwards, so each one is at least this long.
inline constexpr uint64_t kHeadChunkFilePreallocationBytes = 2 * 64 * 1024;

// Creates <dir>/<%06d file_number> as 2.42 does: write "<name>.tmp",
// preallocate, fsync the directory, write the 8-byte header, rename to
// <name>, fsync the directory again. On failure the .tmp file is removed.
//
// 2.42 closes the temporary file before the rename and opens the final one
// again for writing; the Filesystem interface can only reopen a file in
// append mode, which would write past the zero tail, so the handle is kept
// open across the rename (POSIX: a handle follows its file). The returned
// file must be written with PWrite from offset 8.
Result<std::unique_ptr<WritableFile>> CreateHeadChunkFile(Filesystem* fs, const std::string& dir,
                                                          uint32_t file_number);

// Told about every write the buffer makes to the file.
class FileWriteObserver {
 public:
  virtual ~FileWriteObserver() = default;
  virtual void OnFileWrite(uint64_t offset, uint64_t bytes) = 0;
};

// bufio.Writer over positional writes: Write copies into a fixed buffer and
// writes it out when full; a write larger than the whole buffer goes to the
// file directly once the buffer is empty. Errors are sticky, as in Go, until
// the next Reset. The buffer is allocated on the first Reset and reused.
class BufferedFileWriter {
 public:
  BufferedFileWriter(size_t buffer_size, FileWriteObserver* observer);

  // Starts writing `file` at `offset`, discarding any unflushed bytes and a
  // sticky error (Go's Reset).
  void Reset(std::unique_ptr<WritableFile> file, uint64_t offset);
  Status Write(ByteView p);
  Status Flush();
  // Flushes, fsyncs and closes the file (2.42's finalizeCurFile).
  Status FlushSyncClose();
  // Drops the file without writing the buffer out (the file was deleted).
  void Abandon();

  bool has_file() const { return file_ != nullptr; }
  size_t Available() const { return size_ - n_; }
  // The bytes not yet written, and the file offset they will go to.
  ByteView buffered() const { return {buf_.get(), n_}; }
  uint64_t flushed_offset() const { return offset_; }

 private:
  Status WriteOut(ByteView b);

  size_t size_;
  FileWriteObserver* observer_;
  std::unique_ptr<uint8_t[]> buf_;  // not zero-filled: untouched pages cost no memory
  size_t n_ = 0;
  std::unique_ptr<WritableFile> file_;
  uint64_t offset_ = 0;
  Status err_;
};

}  // namespace tsdb::chunks
