#include "engine/base/posix_filesystem.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tsdb {

Status ErrnoStatus(const char* op, const std::string& path, int err) {
  std::string m = std::string(op) + " " + path + ": " + std::strerror(err);
  switch (err) {
    case ENOENT: return {StatusCode::kNotFound, std::move(m)};
    case ENOSPC: return {StatusCode::kNoSpace, std::move(m)};
    case EEXIST: return {StatusCode::kAlreadyExists, std::move(m)};
    default: return {StatusCode::kIOError, std::move(m)};
  }
}

namespace {

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  // Appends at the size this handle knows. Files are never opened with
  // O_APPEND: Linux would then ignore pwrite's offset, and PWrite must
  // overwrite in place. tsdbsim has one writer per file, so tracking the
  // size here is exact.
  Status Append(ByteView data) override {
    TSDB_ASSERT(fd_ >= 0);
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(size_));
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write", path_, errno);
      }
      done += static_cast<size_t>(n);
      size_ += static_cast<uint64_t>(n);
    }
    return {};
  }

  Status PWrite(uint64_t offset, ByteView data) override {
    TSDB_ASSERT(fd_ >= 0);
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::pwrite(fd_, data.data() + done, data.size() - done,
                                 static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("pwrite", path_, errno);
      }
      done += static_cast<size_t>(n);
    }
    size_ = std::max<uint64_t>(size_, offset + data.size());
    return {};
  }

  Status Sync() override {
    if (::fdatasync(fd_) != 0) return ErrnoStatus("fsync", path_, errno);
    return {};
  }

  Status Preallocate(uint64_t size_bytes) override {
    if (size_bytes <= size_) return {};
    const int err = ::posix_fallocate(fd_, 0, static_cast<off_t>(size_bytes));
    if (err != 0) return ErrnoStatus("fallocate", path_, err);
    size_ = size_bytes;
    return {};
  }

  Status Truncate(uint64_t size_bytes) override {
    if (::ftruncate(fd_, static_cast<off_t>(size_bytes)) != 0) {
      return ErrnoStatus("truncate", path_, errno);
    }
    size_ = size_bytes;
    return {};
  }

  Status Close() override {
    if (fd_ < 0) return {};
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return ErrnoStatus("close", path_, errno);
    return {};
  }

  uint64_t Size() const override { return size_; }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class PosixReadableFile final : public ReadableFile {
 public:
  PosixReadableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixReadableFile() override { ::close(fd_); }

  Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> out) override {
    for (;;) {
      const ssize_t n = ::pread(fd_, out.data(), out.size(), static_cast<off_t>(offset));
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return ErrnoStatus("read", path_, errno);
    }
  }

  Result<uint64_t> Size() override {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return ErrnoStatus("stat", path_, errno);
    return static_cast<uint64_t>(st.st_size);
  }

 private:
  std::string path_;
  int fd_;
};

class PosixMappedFile final : public MappedFile {
 public:
  PosixMappedFile(void* addr, size_t size) : addr_(addr), size_(size) {}
  ~PosixMappedFile() override {
    if (addr_ != nullptr) ::munmap(addr_, size_);
  }
  ByteView data() const override { return {static_cast<const uint8_t*>(addr_), size_}; }

 private:
  void* addr_;
  size_t size_;
};

Result<std::unique_ptr<WritableFile>> OpenWritable(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return ErrnoStatus("stat", path, err);
  }
  return std::unique_ptr<WritableFile>(
      new PosixWritableFile(path, fd, static_cast<uint64_t>(st.st_size)));
}

}  // namespace

Result<std::unique_ptr<WritableFile>> PosixFilesystem::OpenAppend(const std::string& path) {
  return OpenWritable(path, 0);  // appends go to the end the handle tracks
}

Result<std::unique_ptr<WritableFile>> PosixFilesystem::Create(const std::string& path) {
  return OpenWritable(path, O_TRUNC);
}

Result<std::unique_ptr<ReadableFile>> PosixFilesystem::OpenRead(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  return std::unique_ptr<ReadableFile>(new PosixReadableFile(path, fd));
}

Result<std::unique_ptr<MappedFile>> PosixFilesystem::MapReadOnly(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return ErrnoStatus("stat", path, err);
  }
  const auto size = static_cast<size_t>(st.st_size);
  void* addr = nullptr;
  if (size > 0) {
    addr = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (addr == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      return ErrnoStatus("mmap", path, err);
    }
  }
  ::close(fd);  // the mapping keeps the file referenced
  return std::unique_ptr<MappedFile>(new PosixMappedFile(addr, size));
}

Result<std::vector<DirEntry>> PosixFilesystem::List(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return ErrnoStatus("open", dir, errno);
  std::vector<DirEntry> out;
  while (struct dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    const bool is_dir = ::stat(JoinPath(dir, name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    out.push_back({name, is_dir});
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

Result<FileInfo> PosixFilesystem::Stat(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("stat", path, errno);
  return FileInfo{static_cast<uint64_t>(st.st_size), S_ISDIR(st.st_mode)};
}

Status PosixFilesystem::MkdirAll(const std::string& path) {
  if (path.empty()) return {};
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    partial = path.substr(0, pos);
    if (partial.empty()) continue;
    if (::mkdir(partial.c_str(), 0777) != 0 && errno != EEXIST) {
      return ErrnoStatus("mkdir", partial, errno);
    }
  }
  return {};
}

Status PosixFilesystem::Rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return ErrnoStatus("rename", from, errno);
  return {};
}

Status PosixFilesystem::Remove(const std::string& path) {
  if (::remove(path.c_str()) != 0) return ErrnoStatus("remove", path, errno);
  return {};
}

Status PosixFilesystem::RemoveAll(const std::string& path) {
  auto info = Stat(path);
  if (!info.ok()) {
    return info.status().code() == StatusCode::kNotFound ? Status() : info.status();
  }
  if (info->is_dir) {
    TSDB_ASSIGN_OR_RETURN(auto entries, List(path));
    for (const auto& e : entries) TSDB_RETURN_IF_ERROR(RemoveAll(JoinPath(path, e.name)));
  }
  return Remove(path);
}

Status PosixFilesystem::SyncDir(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus("fsync", path, err);
  return {};
}

Status PosixFilesystem::Truncate(const std::string& path, uint64_t size_bytes) {
  if (::truncate(path.c_str(), static_cast<off_t>(size_bytes)) != 0) {
    return ErrnoStatus("truncate", path, errno);
  }
  return {};
}

}  // namespace tsdb
