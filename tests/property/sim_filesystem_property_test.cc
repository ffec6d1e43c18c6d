// The simulated filesystem behaves as the real one: random sequences of
// calls (creates, appends, positional writes, preallocation, truncation,
// renames, removes, mkdir, list, stat, reads, mappings kept across later
// writes, syncs) over a handful of paths, some of them odd ("d/", "./d//a",
// "d/e/..", a path through a file), go to a PosixFilesystem in a temporary
// directory and to a SimFilesystem. Every call must give the same status
// code and message (with the root swapped) and every read, listing, stat and
// mapping the same bytes.
//
// And the durability model is consistent with itself: what a power loss
// leaves is what WriteDurableTreeTo showed just before it; a process crash
// changes nothing visible; once every file and directory is synced a power
// loss changes nothing either.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <map>
#include <ostream>
#include <sstream>

#include "engine/base/posix_filesystem.h"
#include "fault_injection/sim_filesystem.h"
#include "support/temp_dir.h"

namespace tsdbsim::fault {
namespace {

constexpr const char* kPaths[] = {"a", "b", "d", "d/a", "d/e", "d/e/a", "a/x", "d/", "./d//a", "d/e/.."};
constexpr int kPathCount = static_cast<int>(std::size(kPaths));
constexpr int kFileSlots = 3;
constexpr int kMapSlots = 2;

enum class OpKind {
  kCreate, kOpenAppend, kAppend, kPWrite, kPreallocate, kTruncateHandle, kSync, kClose,
  kTruncate, kRename, kRemove, kRemoveAll, kMkdirAll, kList, kStat, kRead, kMap, kSyncDir,
};
constexpr int kOpKinds = static_cast<int>(OpKind::kSyncDir) + 1;

struct Op {
  OpKind kind = OpKind::kCreate;
  int path = 0;   // or a file slot
  int other = 0;  // rename target, or the slot a new handle or mapping goes to
  uint32_t offset = 0;
  uint32_t length = 0;
  uint8_t fill = 0;
};

void showValue(const Op& op, std::ostream& os) {
  static const char* const kNames[] = {
      "create", "open_append", "append", "pwrite", "preallocate", "truncate_handle", "sync",
      "close", "truncate", "rename", "remove", "remove_all", "mkdir_all", "list", "stat", "read",
      "map", "sync_dir"};
  os << kNames[static_cast<int>(op.kind)] << "(" << kPaths[op.path] << ", other " << op.other
     << " = " << kPaths[op.other] << ", @" << op.offset << ", " << op.length << " x "
     << int{op.fill} << ")";
}

rc::Gen<Op> GenOp() {
  return rc::gen::build<Op>(
      rc::gen::set(&Op::kind, rc::gen::cast<OpKind>(rc::gen::inRange(0, kOpKinds))),
      rc::gen::set(&Op::path, rc::gen::inRange(0, kPathCount)),
      rc::gen::set(&Op::other, rc::gen::inRange(0, kPathCount)),
      rc::gen::set(&Op::offset, rc::gen::weightedOneOf<uint32_t>(
                                    {{3, rc::gen::inRange<uint32_t>(0, 64)},
                                     {1, rc::gen::inRange<uint32_t>(0, 20000)}})),
      rc::gen::set(&Op::length, rc::gen::inRange<uint32_t>(0, 300)),
      rc::gen::set(&Op::fill, rc::gen::arbitrary<uint8_t>()));
}

// One filesystem and the handles and mappings opened on it.
struct Side {
  tsdb::Filesystem* fs;
  std::string root;
  std::array<std::unique_ptr<tsdb::WritableFile>, kFileSlots> files;
  struct Mapping {
    std::unique_ptr<tsdb::MappedFile> map;
    std::unique_ptr<tsdb::ReadableFile> reader;  // same inode: its current size
  };
  std::array<Mapping, kMapSlots> maps;

  std::string Path(int i) const { return root + "/" + kPaths[i]; }
  std::string Show(const tsdb::Status& s) const {
    if (s.ok()) return "ok";
    std::string m = s.message();
    for (size_t at = m.find(root); at != std::string::npos; at = m.find(root, at)) {
      m.replace(at, root.size(), "ROOT");
    }
    return std::string(tsdb::StatusCodeName(s.code())) + " " + m;
  }
};

// What every mapping shows now. A mapping follows the file's later writes
// within its length; past the file's current end a real mapping faults, so
// that part is not looked at.
std::string MappedBytes(const Side& side) {
  std::string out;
  for (const auto& [map, reader] : side.maps) {
    if (map == nullptr) continue;
    auto size = reader->Size();
    if (!size.ok()) return side.Show(size.status());
    const auto bytes =
        map->data().first(static_cast<size_t>(std::min<uint64_t>(map->data().size(), *size)));
    out += "[" + std::string(tsdb::AsString(bytes)) + "]";
  }
  return out;
}

// What the call returned, as text both sides must agree on.
std::string Apply(Side& side, const Op& op) {
  tsdb::Filesystem& fs = *side.fs;
  const std::string path = side.Path(op.path);
  const tsdb::Bytes data(op.length, op.fill);
  auto& file = side.files[op.path % kFileSlots];
  switch (op.kind) {
    case OpKind::kCreate:
    case OpKind::kOpenAppend: {
      auto f = op.kind == OpKind::kCreate ? fs.Create(path) : fs.OpenAppend(path);
      if (!f.ok()) return side.Show(f.status());
      side.files[op.other % kFileSlots] = std::move(f).value();
      return "ok size " + std::to_string(side.files[op.other % kFileSlots]->Size());
    }
    case OpKind::kAppend:
      if (file == nullptr) return "no handle";
      return side.Show(file->Append(data)) + " size " + std::to_string(file->Size());
    case OpKind::kPWrite:
      if (file == nullptr) return "no handle";
      return side.Show(file->PWrite(op.offset, data)) + " size " + std::to_string(file->Size());
    case OpKind::kPreallocate:
      if (file == nullptr) return "no handle";
      return side.Show(file->Preallocate(op.offset)) + " size " + std::to_string(file->Size());
    case OpKind::kTruncateHandle:
      if (file == nullptr) return "no handle";
      return side.Show(file->Truncate(op.offset)) + " size " + std::to_string(file->Size());
    case OpKind::kSync:
      if (file == nullptr) return "no handle";
      return side.Show(file->Sync());
    case OpKind::kClose: {
      if (file == nullptr) return "no handle";
      const tsdb::Status s = file->Close();
      file.reset();  // a closed POSIX handle must not be written again
      return side.Show(s);
    }
    case OpKind::kTruncate:
      return side.Show(fs.Truncate(path, op.offset));
    case OpKind::kRename:
      return side.Show(fs.Rename(path, side.Path(op.other)));
    case OpKind::kRemove:
      return side.Show(fs.Remove(path));
    case OpKind::kRemoveAll:
      return side.Show(fs.RemoveAll(path));
    case OpKind::kMkdirAll:
      return side.Show(fs.MkdirAll(path));
    case OpKind::kSyncDir:
      return side.Show(fs.SyncDir(path));
    case OpKind::kList: {
      auto list = fs.List(path);
      if (!list.ok()) return side.Show(list.status());
      std::string out = "ok";
      for (const auto& e : *list) out += " " + e.name + (e.is_dir ? "/" : "");
      return out;
    }
    case OpKind::kStat: {
      auto info = fs.Stat(path);
      if (!info.ok()) return side.Show(info.status());
      // Directory sizes are the filesystem's own business.
      return info->is_dir ? "ok dir" : "ok file " + std::to_string(info->size_bytes);
    }
    case OpKind::kRead: {
      auto r = fs.OpenRead(path);
      if (!r.ok()) return side.Show(r.status());
      tsdb::Bytes buf(op.length);
      auto n = (*r)->ReadAt(op.offset, buf);
      if (!n.ok()) return "opened, " + side.Show(n.status());
      buf.resize(*n);
      return "ok size " + std::to_string(*(*r)->Size()) + " read " +
             std::string(tsdb::AsString(buf));
    }
    case OpKind::kMap: {
      auto m = fs.MapReadOnly(path);
      if (!m.ok()) return side.Show(m.status());
      auto r = fs.OpenRead(path);
      if (!r.ok()) return "mapped, reopen " + side.Show(r.status());
      const std::string bytes(tsdb::AsString((*m)->data()));
      side.maps[op.other % kMapSlots] = {std::move(m).value(), std::move(r).value()};
      return "ok " + bytes;
    }
  }
  return "unknown op";
}

RC_GTEST_PROP(SimFilesystemProperty, EveryCallAnswersAsThePosixFilesystemDoes, ()) {
  const auto ops = *rc::gen::container<std::vector<Op>>(GenOp());
  tsdb::PosixFilesystem posix;
  tsdb::testing::TempDir tmp;
  SimFilesystem sim;
  RC_ASSERT(sim.MkdirAll("/sim-root").ok());
  Side real{&posix, tmp.path()};
  Side simulated{&sim, "/sim-root"};
  for (size_t i = 0; i < ops.size(); i++) {
    const std::string want = Apply(real, ops[i]) + " maps " + MappedBytes(real);
    const std::string got = Apply(simulated, ops[i]) + " maps " + MappedBytes(simulated);
    if (want != got) {
      std::ostringstream op;
      showValue(ops[i], op);
      RC_FAIL("op " + std::to_string(i) + " " + op.str() + "\n  posix: " + want +
              "\n  sim:   " + got);
    }
  }
}

// Every path under dir (relative, "/" after directories) with its bytes.
void CollectTree(tsdb::Filesystem& fs, const std::string& dir, const std::string& rel,
                 std::map<std::string, std::string>* out) {
  auto list = fs.List(dir);
  RC_ASSERT(list.ok());
  for (const auto& e : *list) {
    const std::string name = rel + e.name;
    if (e.is_dir) {
      (*out)[name + "/"] = "";
      CollectTree(fs, tsdb::JoinPath(dir, e.name), name + "/", out);
    } else {
      auto bytes = tsdb::ReadWholeFile(fs, tsdb::JoinPath(dir, e.name));
      RC_ASSERT(bytes.ok());
      (*out)[name] = std::string(tsdb::AsString(*bytes));
    }
  }
}

using Tree = std::map<std::string, std::string>;

Tree VisibleTree(SimFilesystem& sim) {
  SimFilesystem copy;
  RC_ASSERT(sim.WriteVisibleTreeTo(copy, "/", "/").ok());
  Tree t;
  CollectTree(copy, "/", "", &t);
  return t;
}

Tree DurableTree(SimFilesystem& sim) {
  SimFilesystem copy;
  RC_ASSERT(sim.WriteDurableTreeTo(copy, "/", "/").ok());
  Tree t;
  CollectTree(copy, "/", "", &t);
  return t;
}

// Fsyncs every file through a fresh handle and every directory, deepest first.
void SyncEverything(SimFilesystem& sim, const std::string& dir) {
  auto list = sim.List(dir);
  RC_ASSERT(list.ok());
  for (const auto& e : *list) {
    const std::string path = tsdb::JoinPath(dir, e.name);
    if (e.is_dir) {
      SyncEverything(sim, path);
      continue;
    }
    auto f = sim.OpenAppend(path);
    RC_ASSERT(f.ok());
    RC_ASSERT((*f)->Sync().ok());
  }
  RC_ASSERT(sim.SyncDir(dir).ok());
}

RC_GTEST_PROP(SimFilesystemProperty, PowerLossLeavesExactlyTheDurableTree, ()) {
  const auto before = *rc::gen::container<std::vector<Op>>(GenOp());
  const auto after = *rc::gen::container<std::vector<Op>>(GenOp());
  SimFilesystem sim;
  Side side{&sim, "/r"};
  RC_ASSERT(sim.MkdirAll("/r").ok());
  for (const Op& op : before) (void)Apply(side, op);

  const Tree visible = VisibleTree(sim);
  sim.CrashProcess();
  RC_ASSERT(VisibleTree(sim) == visible);

  side = Side{&sim, "/r"};  // the crash ended every handle
  for (const Op& op : after) (void)Apply(side, op);
  const Tree durable = DurableTree(sim);
  sim.PowerLoss();
  RC_ASSERT(VisibleTree(sim) == durable);
  RC_ASSERT(DurableTree(sim) == durable);

  side = Side{&sim, "/r"};
  for (const Op& op : before) (void)Apply(side, op);
  SyncEverything(sim, "/");
  RC_ASSERT(sim.Usage().files_not_durable == 0u);
  const Tree synced = VisibleTree(sim);
  RC_ASSERT(DurableTree(sim) == synced);
  sim.PowerLoss();
  RC_ASSERT(VisibleTree(sim) == synced);
}

}  // namespace
}  // namespace tsdbsim::fault
