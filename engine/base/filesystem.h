// Filesystem: every byte the engine reads or writes goes through this
// interface (LevelDB's Env idea). PosixFilesystem is the real one; the
// simulator's in-memory filesystem with its durability model is the other.
//
// The operations are those Prometheus's TSDB uses: append-only writes with
// write(2) semantics, positional writes, fsync of files and directories,
// rename, unlink, mkdir, list, truncate, preallocation and read-only mmap.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/status.h"

namespace tsdb {

// A file open for writing. Append() models write(2) at the end of the file:
// once it returns, the bytes are in the page cache (visible to readers and
// surviving a process crash) but durable only after Sync().
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(ByteView data) = 0;
  virtual Status PWrite(uint64_t offset, ByteView data) = 0;
  virtual Status Sync() = 0;
  // Extends the file to at least size_bytes with zeros (fallocate without
  // KEEP_SIZE, as Prometheus preallocates chunk files).
  virtual Status Preallocate(uint64_t size_bytes) = 0;
  virtual Status Truncate(uint64_t size_bytes) = 0;
  virtual Status Close() = 0;
  virtual uint64_t Size() const = 0;
  virtual const std::string& path() const = 0;
};

class ReadableFile {
 public:
  virtual ~ReadableFile() = default;
  // Reads up to out.size() bytes at offset; returns the count (0 at EOF).
  virtual Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> out) = 0;
  virtual Result<uint64_t> Size() = 0;
};

// A read-only memory mapping of a whole file.
class MappedFile {
 public:
  virtual ~MappedFile() = default;
  virtual ByteView data() const = 0;
};

struct DirEntry {
  std::string name;
  bool is_dir = false;
};

struct FileInfo {
  uint64_t size_bytes = 0;
  bool is_dir = false;
};

class Filesystem {
 public:
  virtual ~Filesystem() = default;

  // Opens for appending, creating the file if missing: Append writes at the
  // end, PWrite anywhere (so not O_APPEND, under which Linux ignores offsets).
  virtual Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path) = 0;
  // Creates or truncates (O_CREAT|O_TRUNC).
  virtual Result<std::unique_ptr<WritableFile>> Create(const std::string& path) = 0;
  virtual Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& path) = 0;
  virtual Result<std::unique_ptr<MappedFile>> MapReadOnly(const std::string& path) = 0;

  // Entries of dir sorted by name, without "." and "..".
  virtual Result<std::vector<DirEntry>> List(const std::string& dir) = 0;
  virtual Result<FileInfo> Stat(const std::string& path) = 0;  // kNotFound if absent
  virtual Status MkdirAll(const std::string& path) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  virtual Status Remove(const std::string& path) = 0;  // a file or an empty directory
  virtual Status RemoveAll(const std::string& path) = 0;
  virtual Status SyncDir(const std::string& path) = 0;
  virtual Status Truncate(const std::string& path, uint64_t size_bytes) = 0;
};

// Helpers built on the interface.
Result<Bytes> ReadWholeFile(Filesystem& fs, const std::string& path);
Status WriteWholeFile(Filesystem& fs, const std::string& path, ByteView data, bool sync);
bool Exists(Filesystem& fs, const std::string& path);
// Copies the tree at from into to (created if needed), file by file through
// mappings, so large segments are not held in memory twice.
Status CopyTree(Filesystem& fs, const std::string& from, const std::string& to);
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace tsdb
