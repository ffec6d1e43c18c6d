// SimFilesystem: copying whole trees between the simulation and another
// filesystem (a real Prometheus data directory in, a simulated one out).
#include <cerrno>

#include "engine/base/posix_filesystem.h"
#include "fault_injection/sim_filesystem.h"
#include "fault_injection/sim_path.h"

namespace tsdbsim::fault {

using tsdb::Status;

namespace {

// Stored pages are written in runs of up to this many bytes.
constexpr size_t kWriteRunBytes = 1 << 20;

// The size first, then only the stored pages, so holes stay holes.
Status WriteContentTo(const PageContent& content, tsdb::Filesystem& out, const std::string& path) {
  TSDB_ASSIGN_OR_RETURN(auto file, out.Create(path));
  TSDB_RETURN_IF_ERROR(file->Truncate(content.size_bytes()));
  Status s;
  tsdb::Bytes run;
  uint64_t run_offset = 0;
  const auto flush = [&] {
    if (s.ok() && !run.empty()) s = file->PWrite(run_offset, run);
    run.clear();
  };
  content.ForEachStoredPage([&](uint64_t offset, tsdb::ByteView page) {
    if (!run.empty() && (run_offset + run.size() != offset || run.size() >= kWriteRunBytes)) {
      flush();
    }
    if (run.empty()) run_offset = offset;
    run.insert(run.end(), page.begin(), page.end());
  });
  flush();
  TSDB_RETURN_IF_ERROR(s);
  return file->Close();
}

Status WriteTreeTo(const Node& dir, View view, tsdb::Filesystem& out, const std::string& out_dir) {
  TSDB_RETURN_IF_ERROR(out.MkdirAll(out_dir));
  for (const auto& [name, child] : Entries(dir, view)) {
    const std::string dst = tsdb::JoinPath(out_dir, name);
    if (child->is_dir) {
      TSDB_RETURN_IF_ERROR(WriteTreeTo(*child, view, out, dst));
    } else {
      const PageContent& content = view == View::kVisible ? child->visible : child->durable;
      TSDB_RETURN_IF_ERROR(WriteContentTo(content, out, dst));
    }
  }
  return {};
}

Status WriteViewTo(const std::shared_ptr<Node>& root, View view, tsdb::Filesystem& out,
                   const std::string& sim_root, const std::string& out_dir) {
  const Lookup l = Resolve(root, sim_root, view);
  if (l.err != 0) return tsdb::ErrnoStatus("open", sim_root, l.err);
  if (l.node == nullptr) return tsdb::ErrnoStatus("open", sim_root, ENOENT);
  if (!l.node->is_dir) return tsdb::ErrnoStatus("open", sim_root, ENOTDIR);
  return WriteTreeTo(*l.node, view, out, out_dir);
}

// Puts node at name in dir, in both the visible and the durable table.
void LinkDurably(SimCore& core, Node& dir, const std::string& name,
                 const std::shared_ptr<Node>& node) {
  const auto it = dir.entries.find(name);
  if (it != dir.entries.end() && it->second != node) core.Unlink(*it->second);
  dir.entries[name] = node;
  dir.durable_entries[name] = node;
}

// Follows path from the root, making every directory on it (durably).
tsdb::Result<std::shared_ptr<Node>> DurableDir(SimCore& core, const std::string& path) {
  std::shared_ptr<Node> dir = core.root();
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string name = path.substr(start, end - start);
    start = end + 1;
    if (name.empty() || name == ".") continue;
    if (name == "..") return Status::InvalidArgument("load into " + path + ": \"..\" not supported");
    const auto it = dir->entries.find(name);
    std::shared_ptr<Node> next = it != dir->entries.end() ? it->second : core.NewDir();
    if (!next->is_dir) return tsdb::ErrnoStatus("mkdir", path, ENOTDIR);
    LinkDurably(core, *dir, name, next);
    dir = std::move(next);
  }
  return dir;
}

Status LoadDir(SimCore& core, tsdb::Filesystem& in, const std::string& in_dir, Node& dir) {
  TSDB_ASSIGN_OR_RETURN(const auto entries, in.List(in_dir));
  for (const auto& e : entries) {
    const std::string src = tsdb::JoinPath(in_dir, e.name);
    if (e.is_dir) {
      const auto it = dir.entries.find(e.name);
      std::shared_ptr<Node> child =
          it != dir.entries.end() && it->second->is_dir ? it->second : core.NewDir();
      LinkDurably(core, dir, e.name, child);
      TSDB_RETURN_IF_ERROR(LoadDir(core, in, src, *child));
      continue;
    }
    TSDB_ASSIGN_OR_RETURN(const auto mapped, in.MapReadOnly(src));
    auto file = core.NewFile();
    file->visible.Write(0, mapped->data());
    file->durable = file->visible;
    LinkDurably(core, dir, e.name, file);
  }
  return {};
}

}  // namespace

Status SimFilesystem::WriteDurableTreeTo(tsdb::Filesystem& out, const std::string& sim_root,
                                         const std::string& out_dir) const {
  return WriteViewTo(core_->root(), View::kDurable, out, sim_root, out_dir);
}

Status SimFilesystem::WriteVisibleTreeTo(tsdb::Filesystem& out, const std::string& sim_root,
                                         const std::string& out_dir) const {
  return WriteViewTo(core_->root(), View::kVisible, out, sim_root, out_dir);
}

Status SimFilesystem::LoadTreeFrom(tsdb::Filesystem& in, const std::string& in_dir,
                                   const std::string& sim_root) {
  TSDB_ASSIGN_OR_RETURN(const auto dir, DurableDir(*core_, sim_root));
  const Status s = LoadDir(*core_, in, in_dir, *dir);
  core_->RecountSpace();
  return s;
}

}  // namespace tsdbsim::fault
