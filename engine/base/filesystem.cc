#include "engine/base/filesystem.h"

namespace tsdb {

Result<Bytes> ReadWholeFile(Filesystem& fs, const std::string& path) {
  TSDB_ASSIGN_OR_RETURN(auto file, fs.OpenRead(path));
  TSDB_ASSIGN_OR_RETURN(const uint64_t size, file->Size());
  Bytes out(size);
  size_t done = 0;
  while (done < out.size()) {
    TSDB_ASSIGN_OR_RETURN(const size_t n,
                          file->ReadAt(done, std::span<uint8_t>(out).subspan(done)));
    if (n == 0) break;  // the file shrank under us
    done += n;
  }
  out.resize(done);
  return out;
}

Status WriteWholeFile(Filesystem& fs, const std::string& path, ByteView data, bool sync) {
  TSDB_ASSIGN_OR_RETURN(auto file, fs.Create(path));
  TSDB_RETURN_IF_ERROR(file->Append(data));
  if (sync) TSDB_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

bool Exists(Filesystem& fs, const std::string& path) { return fs.Stat(path).ok(); }

Status CopyTree(Filesystem& fs, const std::string& from, const std::string& to) {
  TSDB_RETURN_IF_ERROR(fs.MkdirAll(to));
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs.List(from));
  for (const auto& e : entries) {
    const std::string src = JoinPath(from, e.name), dst = JoinPath(to, e.name);
    if (e.is_dir) {
      TSDB_RETURN_IF_ERROR(CopyTree(fs, src, dst));
      continue;
    }
    TSDB_ASSIGN_OR_RETURN(auto in, fs.MapReadOnly(src));
    TSDB_ASSIGN_OR_RETURN(auto out, fs.Create(dst));
    TSDB_RETURN_IF_ERROR(out->Append(in->data()));
    TSDB_RETURN_IF_ERROR(out->Close());
  }
  return {};
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace tsdb
