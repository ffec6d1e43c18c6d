// The simulated filesystem: the Filesystem interface as POSIX behaves, and
// the durability model (what a process crash and a power loss keep).
#include <gtest/gtest.h>

#include "engine/base/posix_filesystem.h"
#include "fault_injection/sim_filesystem.h"
#include "support/temp_dir.h"

namespace tsdbsim::fault {
namespace {

using tsdb::AsBytes;
using tsdb::AsString;
using tsdb::StatusCode;

std::string Read(tsdb::Filesystem& fs, const std::string& path) {
  auto data = tsdb::ReadWholeFile(fs, path);
  return data.ok() ? std::string(AsString(*data)) : "<" + data.status().ToString() + ">";
}

std::unique_ptr<tsdb::WritableFile> MustCreate(tsdb::Filesystem& fs, const std::string& path) {
  auto f = fs.Create(path);
  TSDB_ASSERT(f.ok());
  return std::move(f).value();
}

void WriteSynced(tsdb::Filesystem& fs, const std::string& path, std::string_view data) {
  ASSERT_TRUE(tsdb::WriteWholeFile(fs, path, AsBytes(data), /*sync=*/true).ok());
}

std::vector<std::string> Names(tsdb::Filesystem& fs, const std::string& dir) {
  std::vector<std::string> out;
  auto list = fs.List(dir);
  if (!list.ok()) return {"<" + list.status().ToString() + ">"};
  for (const auto& e : *list) out.push_back(e.name + (e.is_dir ? "/" : ""));
  return out;
}

// --- The interface ---

TEST(SimFilesystem, AppendPWriteAndReadBack) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/data").ok());
  auto f = fs.OpenAppend("/data/a");  // created when missing
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->Append(AsBytes("aaaa")).ok());
  ASSERT_TRUE((*f)->PWrite(1, AsBytes("b")).ok());
  ASSERT_TRUE((*f)->Append(AsBytes("c")).ok());  // at the end, not after the pwrite
  EXPECT_EQ((*f)->Size(), 5u);
  ASSERT_TRUE((*f)->Close().ok());
  auto again = fs.OpenAppend("/data/a");
  ASSERT_TRUE((*again)->Append(AsBytes("d")).ok());
  EXPECT_EQ(Read(fs, "/data/a"), "abaacd");
  // Create truncates.
  auto created = fs.Create("/data/a");
  ASSERT_TRUE(created.ok());
  EXPECT_EQ((*created)->Size(), 0u);
  EXPECT_EQ(Read(fs, "/data/a"), "");
}

TEST(SimFilesystem, PreallocateExtendsWithZerosAndTruncateShrinks) {
  SimFilesystem fs;
  auto f = MustCreate(fs, "/c");
  ASSERT_TRUE(f->Append(AsBytes("abc")).ok());
  ASSERT_TRUE(f->Preallocate(4096 * 3 + 5).ok());
  EXPECT_EQ(f->Size(), 4096u * 3 + 5);
  ASSERT_TRUE(f->Preallocate(10).ok());  // never shrinks
  EXPECT_EQ(fs.Stat("/c")->size_bytes, 4096u * 3 + 5);
  ASSERT_TRUE(f->PWrite(3, AsBytes("d")).ok());
  auto data = tsdb::ReadWholeFile(fs, "/c");
  ASSERT_EQ(data->size(), 4096u * 3 + 5);
  EXPECT_EQ(AsString(tsdb::ByteView(*data).first(5)), std::string("abcd\0", 5));
  ASSERT_TRUE(fs.Truncate("/c", 2).ok());
  ASSERT_TRUE(f->Truncate(6).ok());  // grows back with zeros, not the old bytes
  EXPECT_EQ(Read(fs, "/c"), std::string("ab\0\0\0\0", 6));
}

TEST(SimFilesystem, PreallocatedSpaceCostsNoMemory) {
  SimFilesystem fs;
  auto f = MustCreate(fs, "/segment");
  ASSERT_TRUE(f->Preallocate(512ull << 20).ok());
  ASSERT_TRUE(f->PWrite(100ull << 20, AsBytes("x")).ok());
  ASSERT_TRUE(f->Sync().ok());
  const SimUsage u = fs.Usage();
  EXPECT_EQ(u.visible_bytes, 512ull << 20);
  EXPECT_EQ(u.stored_bytes, PageContent::kPageSizeBytes);
  auto m = fs.MapReadOnly("/segment");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)->data()[100ull << 20], 'x');
  EXPECT_EQ((*m)->data()[0], 0);
}

TEST(SimFilesystem, ListIsSortedAndPathsAreNormalised) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d/x/y").ok());
  WriteSynced(fs, "/d//b", "1");
  WriteSynced(fs, "./d/a", "2");
  EXPECT_EQ(fs.Create("/d/c/").status().code(), StatusCode::kIOError);  // EISDIR
  EXPECT_EQ(Names(fs, "/d/"), (std::vector<std::string>{"a", "b", "x/"}));
  EXPECT_EQ(Names(fs, "d/x/.."), (std::vector<std::string>{"a", "b", "x/"}));
  EXPECT_EQ(Read(fs, "/d/x/../b"), "1");
  EXPECT_EQ(fs.Stat("/d/a/").status().code(), StatusCode::kIOError);  // ENOTDIR
  EXPECT_TRUE(fs.Stat("/d/x/").ok());
  EXPECT_EQ(fs.Stat("").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(fs.Stat("/")->is_dir);
}

TEST(SimFilesystem, RemoveRefusesNonEmptyDirectoriesRemoveAllDoesNot) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d/e").ok());
  WriteSynced(fs, "/d/e/f", "x");
  const tsdb::Status s = fs.Remove("/d");
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_EQ(s.message(), "remove /d: Directory not empty");
  ASSERT_TRUE(fs.RemoveAll("/d").ok());
  EXPECT_EQ(fs.Stat("/d").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(fs.RemoveAll("/d").ok());  // missing is fine
  EXPECT_EQ(fs.Remove("/d").code(), StatusCode::kNotFound);
}

// The same calls on the real filesystem and the simulated one give the
// same code and, with the root swapped, the same message.
TEST(SimFilesystem, ErrorsMatchThePosixFilesystem) {
  tsdb::PosixFilesystem posix;
  tsdb::testing::TempDir tmp;
  SimFilesystem sim;
  ASSERT_TRUE(sim.MkdirAll("/root").ok());
  struct Side {
    tsdb::Filesystem* fs;
    std::string root;
  };
  std::vector<std::string> got[2];
  int i = 0;
  for (const Side& side : {Side{&posix, tmp.path()}, Side{&sim, "/root"}}) {
    tsdb::Filesystem& fs = *side.fs;
    const auto p = [&](const std::string& rel) { return side.root + "/" + rel; };
    const auto record = [&](const tsdb::Status& s) {
      std::string m = s.message();
      if (const size_t at = m.find(side.root); at != std::string::npos) {
        m.replace(at, side.root.size(), "ROOT");
      }
      got[i].push_back(std::string(tsdb::StatusCodeName(s.code())) + " " + m);
    };
    ASSERT_TRUE(fs.MkdirAll(p("d/e")).ok());
    WriteSynced(fs, p("d/f"), "x");
    record(fs.OpenRead(p("missing")).status());
    record(fs.OpenRead(p("missing/x")).status());
    record(fs.OpenRead(p("d/f/x")).status());
    record(fs.Create(p("d")).status());
    record(fs.OpenAppend(p("nodir/x")).status());
    record(fs.MapReadOnly(p("d")).status());
    record(fs.List(p("d/f")).status());
    record(fs.List(p("nope")).status());
    record(fs.Stat(p("nope")).status());
    record(fs.Stat(p("d/f/")).status());
    record(fs.MkdirAll(p("d/f/g")));
    record(fs.MkdirAll(p("d/f")));  // an existing file: mkdir's EEXIST is ignored
    record(fs.Rename(p("nope"), p("x")));
    record(fs.Rename(p("d"), p("d/e/x")));
    record(fs.Rename(p("d/e"), p("d")));
    record(fs.Rename(p("d/f"), p("d/e")));
    record(fs.Rename(p("d/e"), p("d/f")));
    record(fs.Rename(p("d/f"), p("nodir/f")));
    record(fs.Remove(p("d")));
    record(fs.Remove(p("nope")));
    record(fs.Remove(p("d/f/")));
    record(fs.SyncDir(p("d/f")));
    record(fs.SyncDir(p("nope")));
    record(fs.Truncate(p("d"), 0));
    record(fs.Truncate(p("nope"), 0));
    record(fs.RemoveAll(p("d/f/x")));
    auto f = fs.OpenAppend(p("d/f"));
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE((*f)->Close().ok());
    record((*f)->Sync());
    record((*f)->Truncate(1));
    record((*f)->Preallocate(1));  // no call below the handle's size: fine
    record((*f)->Preallocate(100));
    auto r = fs.OpenRead(p("d"));
    ASSERT_TRUE(r.ok());  // a directory opens for reading...
    uint8_t buf[4];
    record((*r)->ReadAt(0, buf).status());  // ...but does not read
    i++;
  }
  EXPECT_EQ(got[1], got[0]);
}

// --- Handles hold inodes ---

TEST(SimFilesystem, HandleFollowsItsFileThroughRenameAndUnlink) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d").ok());
  auto f = MustCreate(fs, "/d/000001.tmp");
  ASSERT_TRUE(f->Append(AsBytes("head")).ok());
  ASSERT_TRUE(fs.Rename("/d/000001.tmp", "/d/000001").ok());
  ASSERT_TRUE(f->Append(AsBytes("+more")).ok());
  EXPECT_EQ(Read(fs, "/d/000001"), "head+more");
  EXPECT_EQ(f->path(), "/d/000001.tmp");  // the name it was opened under

  auto r = fs.OpenRead("/d/000001");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(fs.Remove("/d/000001").ok());
  ASSERT_TRUE(f->Append(AsBytes("!")).ok());  // an unlinked inode still takes writes
  uint8_t buf[16] = {};
  auto n = (*r)->ReadAt(0, buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), *n), "head+more!");
  EXPECT_EQ(Names(fs, "/d"), std::vector<std::string>{});
}

TEST(SimFilesystem, MappingSeesLaterWritesWithinItsLengthOnly) {
  SimFilesystem fs;
  auto f = MustCreate(fs, "/chunks");
  ASSERT_TRUE(f->Preallocate(8).ok());
  auto m = fs.MapReadOnly("/chunks");
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(f->PWrite(2, AsBytes("abcdefgh")).ok());  // runs past the mapping's end
  EXPECT_EQ(AsString((*m)->data()), std::string("\0\0abcdef", 8));
  ASSERT_TRUE(f->Truncate(4).ok());
  EXPECT_EQ(AsString((*m)->data()), std::string("\0\0ab\0\0\0\0", 8));
  auto later = fs.MapReadOnly("/chunks");
  EXPECT_EQ((*later)->data().size(), 4u);
}

// --- Durability ---

TEST(SimFilesystem, CrashKeepsThePageCacheAndEndsHandles) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d").ok());
  auto f = MustCreate(fs, "/d/wal");
  ASSERT_TRUE(f->Append(AsBytes("unsynced")).ok());
  auto r = fs.OpenRead("/d/wal");
  auto m = fs.MapReadOnly("/d/wal");
  fs.CrashProcess();
  EXPECT_EQ(Read(fs, "/d/wal"), "unsynced");
  const tsdb::Status s = f->Append(AsBytes("x"));
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_EQ(s.message(), "write /d/wal: file handle closed by crash");
  EXPECT_EQ(f->PWrite(0, AsBytes("x")).code(), StatusCode::kIOError);
  EXPECT_EQ(f->Sync().code(), StatusCode::kIOError);
  EXPECT_EQ(f->Preallocate(1 << 20).code(), StatusCode::kIOError);
  EXPECT_EQ(f->Truncate(0).code(), StatusCode::kIOError);
  EXPECT_EQ(f->Close().code(), StatusCode::kIOError);
  uint8_t buf[4];
  EXPECT_EQ((*r)->ReadAt(0, buf).status().code(), StatusCode::kIOError);
  EXPECT_EQ((*r)->Size().status().code(), StatusCode::kIOError);
  EXPECT_EQ(AsString((*m)->data()), "unsynced");  // the dead process's memory, unchanged
  // A new handle works, and the old mapping no longer follows the file.
  auto g = fs.OpenAppend("/d/wal");
  ASSERT_TRUE((*g)->PWrite(0, AsBytes("UN")).ok());
  EXPECT_EQ(Read(fs, "/d/wal"), "UNsynced");
  EXPECT_EQ(AsString((*m)->data()), "unsynced");
}

TEST(SimFilesystem, PowerLossKeepsOnlySyncedBytes) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d").ok());
  ASSERT_TRUE(fs.SyncDir("/").ok());
  auto f = MustCreate(fs, "/d/wal");
  ASSERT_TRUE(fs.SyncDir("/d").ok());
  ASSERT_TRUE(f->Append(AsBytes("synced")).ok());
  ASSERT_TRUE(f->Sync().ok());
  ASSERT_TRUE(f->Append(AsBytes("+lost")).ok());
  ASSERT_TRUE(f->PWrite(0, AsBytes("S")).ok());
  EXPECT_EQ(Read(fs, "/d/wal"), "Synced+lost");
  fs.PowerLoss();
  EXPECT_EQ(Read(fs, "/d/wal"), "synced");
  EXPECT_EQ(f->Append(AsBytes("x")).code(), StatusCode::kIOError);
  // Truncation is a change like any other.
  auto g = fs.OpenAppend("/d/wal");
  ASSERT_TRUE((*g)->Truncate(2).ok());
  fs.PowerLoss();
  EXPECT_EQ(Read(fs, "/d/wal"), "synced");
}

TEST(SimFilesystem, PowerLossUndoesDirectoryChangesNotSynced) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d").ok());
  WriteSynced(fs, "/d/kept", "k");
  WriteSynced(fs, "/d/removed", "r");
  WriteSynced(fs, "/d/renamed", "n");
  ASSERT_TRUE(fs.SyncDir("/d").ok());
  ASSERT_TRUE(fs.SyncDir("/").ok());

  WriteSynced(fs, "/d/new-synced", "data synced, entry not");
  ASSERT_TRUE(fs.Create("/d/new-empty").ok());
  ASSERT_TRUE(fs.Remove("/d/removed").ok());
  ASSERT_TRUE(fs.Rename("/d/renamed", "/d/renamed.2").ok());
  ASSERT_TRUE(fs.MkdirAll("/d/sub").ok());
  ASSERT_TRUE(fs.MkdirAll("/e").ok());
  WriteSynced(fs, "/e/f", "a directory synced inside a directory whose entry is not");
  ASSERT_TRUE(fs.SyncDir("/e").ok());
  EXPECT_EQ(Names(fs, "/d"),
            (std::vector<std::string>{"kept", "new-empty", "new-synced", "renamed.2", "sub/"}));

  fs.PowerLoss();
  EXPECT_EQ(Names(fs, "/d"), (std::vector<std::string>{"kept", "removed", "renamed"}));
  EXPECT_EQ(Names(fs, "/"), (std::vector<std::string>{"d/"}));
  EXPECT_EQ(Read(fs, "/d/removed"), "r");
  EXPECT_EQ(Read(fs, "/d/renamed"), "n");
}

TEST(SimFilesystem, SyncedEntriesAndBytesSurvivePowerLoss) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d/sub").ok());
  WriteSynced(fs, "/d/a", "a");
  WriteSynced(fs, "/d/b", "b");
  ASSERT_TRUE(fs.Rename("/d/b", "/d/c").ok());
  ASSERT_TRUE(fs.Remove("/d/a").ok());
  WriteSynced(fs, "/d/sub/x", "x");
  for (const char* dir : {"/", "/d", "/d/sub"}) ASSERT_TRUE(fs.SyncDir(dir).ok());
  fs.PowerLoss();
  EXPECT_EQ(Names(fs, "/d"), (std::vector<std::string>{"c", "sub/"}));
  EXPECT_EQ(Read(fs, "/d/c"), "b");
  EXPECT_EQ(Read(fs, "/d/sub/x"), "x");
}

TEST(SimFilesystem, RenameBetweenDirectoriesIsDurableAsAUnit) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/a").ok());
  ASSERT_TRUE(fs.MkdirAll("/b").ok());
  WriteSynced(fs, "/a/f", "f");
  for (const char* dir : {"/", "/a", "/b"}) ASSERT_TRUE(fs.SyncDir(dir).ok());
  ASSERT_TRUE(fs.Rename("/a/f", "/b/f").ok());
  fs.PowerLoss();  // nothing synced: back in /a
  EXPECT_EQ(Names(fs, "/a"), std::vector<std::string>{"f"});
  EXPECT_EQ(Names(fs, "/b"), std::vector<std::string>{});
  ASSERT_TRUE(fs.Rename("/a/f", "/b/f").ok());
  ASSERT_TRUE(fs.SyncDir("/b").ok());  // the target's sync takes the source along
  fs.PowerLoss();
  EXPECT_EQ(Names(fs, "/a"), std::vector<std::string>{});
  EXPECT_EQ(Names(fs, "/b"), std::vector<std::string>{"f"});
}

// Directories swapped into each other's place: the durable tree stays a tree.
TEST(SimFilesystem, DirectoryMovesNeverLeaveACycle) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/a/b").ok());
  for (const char* dir : {"/", "/a"}) ASSERT_TRUE(fs.SyncDir(dir).ok());
  ASSERT_TRUE(fs.Rename("/a/b", "/b").ok());
  ASSERT_TRUE(fs.Rename("/a", "/b/a").ok());
  ASSERT_TRUE(fs.SyncDir("/b").ok());
  fs.PowerLoss();
  EXPECT_EQ(Names(fs, "/"), std::vector<std::string>{"b/"});
  EXPECT_EQ(Names(fs, "/b"), std::vector<std::string>{"a/"});
  EXPECT_EQ(Names(fs, "/b/a"), std::vector<std::string>{});
}

// --- Inspection ---

TEST(SimFilesystem, CountsAndReportsEveryStateChange) {
  SimFilesystem fs;
  std::vector<std::string> seen;
  fs.SetObserver([&](const FsOp& op) {
    seen.push_back(std::to_string(op.seq) + " " + FsOpKindName(op.kind) + " " + op.path +
                   (op.to_path.empty() ? "" : " -> " + op.to_path) + " @" +
                   std::to_string(op.offset_bytes) + "+" + std::to_string(op.length_bytes));
  });
  ASSERT_TRUE(fs.MkdirAll("/d/e").ok());
  auto f = MustCreate(fs, "/d/x.tmp");
  ASSERT_TRUE(f->Append(AsBytes("abc")).ok());
  ASSERT_TRUE(f->PWrite(1, AsBytes("z")).ok());
  ASSERT_TRUE(f->Preallocate(10).ok());
  ASSERT_TRUE(f->Sync().ok());
  ASSERT_TRUE(fs.Rename("/d/x.tmp", "/d/x").ok());
  ASSERT_TRUE(fs.SyncDir("/d").ok());
  ASSERT_TRUE(fs.Truncate("/d/x", 1).ok());
  EXPECT_FALSE(fs.Remove("/d/nope").ok());  // failures change nothing and get no number
  ASSERT_TRUE(fs.Remove("/d/e").ok());
  EXPECT_EQ(fs.op_count(), 11u);
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "1 mkdir /d @0+0", "2 mkdir /d/e @0+0", "3 create /d/x.tmp @0+0",
                      "4 append /d/x.tmp @0+3", "5 pwrite /d/x.tmp @1+1",
                      "6 preallocate /d/x.tmp @10+0", "7 sync /d/x.tmp @0+0",
                      "8 rename /d/x.tmp -> /d/x @0+0", "9 sync_dir /d @0+0",
                      "10 truncate /d/x @1+0", "11 remove /d/e @0+0"}));
}

TEST(SimFilesystem, FilesTellWhatIsDurable) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d").ok());
  ASSERT_TRUE(fs.SyncDir("/").ok());
  WriteSynced(fs, "/d/synced", "abc");
  ASSERT_TRUE(fs.SyncDir("/d").ok());
  auto f = MustCreate(fs, "/d/dirty");
  ASSERT_TRUE(f->Append(AsBytes("12345")).ok());
  const auto files = fs.Files("/d");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "/d/dirty");
  EXPECT_EQ(files[0].visible_size_bytes, 5u);
  EXPECT_EQ(files[0].durable_size_bytes, 0u);
  EXPECT_EQ(files[0].unsynced_writes, 1u);
  EXPECT_FALSE(files[0].content_durable);
  EXPECT_FALSE(files[0].entry_durable);
  EXPECT_EQ(files[1].path, "/d/synced");
  EXPECT_TRUE(files[1].content_durable);
  EXPECT_TRUE(files[1].entry_durable);
  EXPECT_FALSE(fs.Inspect("/d")->content_durable);  // "dirty" is not in its durable entries
  const SimUsage u = fs.Usage();
  EXPECT_EQ(u.files, 2u);
  EXPECT_EQ(u.dirs, 1u);
  EXPECT_EQ(u.visible_bytes, 8u);
  EXPECT_EQ(u.durable_bytes, 3u);
  EXPECT_EQ(u.files_not_durable, 1u);
}

// The crash explorer's hook: power goes out right after operation N.
TEST(SimFilesystem, ObserverCanCutThePowerAfterAnOperation) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/d").ok());
  ASSERT_TRUE(fs.SyncDir("/").ok());
  const uint64_t cut_after = fs.op_count() + 3;  // create, append, sync
  fs.SetObserver([&](const FsOp& op) {
    if (op.seq == cut_after) fs.PowerLoss();
  });
  auto f = MustCreate(fs, "/d/f");
  ASSERT_TRUE(f->Append(AsBytes("data")).ok());
  EXPECT_TRUE(f->Sync().ok());  // the sync itself happened
  EXPECT_EQ(f->Append(AsBytes("more")).code(), StatusCode::kIOError);
  EXPECT_EQ(fs.Stat("/d/f").status().code(), StatusCode::kNotFound);  // its entry was never synced
}

// --- Trees in and out ---

TEST(SimFilesystem, WritesDurableAndVisibleTreesToARealDirectory) {
  SimFilesystem fs;
  ASSERT_TRUE(fs.MkdirAll("/data/sub").ok());
  WriteSynced(fs, "/data/a", "durable");
  auto f = MustCreate(fs, "/data/sub/b");
  ASSERT_TRUE(f->Preallocate(3 * PageContent::kPageSizeBytes).ok());
  ASSERT_TRUE(f->PWrite(5000, AsBytes("page two")).ok());
  for (const char* dir : {"/", "/data"}) ASSERT_TRUE(fs.SyncDir(dir).ok());
  ASSERT_TRUE(f->Sync().ok());
  ASSERT_TRUE(f->Append(AsBytes("tail")).ok());

  tsdb::PosixFilesystem posix;
  tsdb::testing::TempDir tmp;
  ASSERT_TRUE(fs.WriteVisibleTreeTo(posix, "/data", tmp.Join("visible")).ok());
  ASSERT_TRUE(fs.WriteDurableTreeTo(posix, "/data", tmp.Join("durable")).ok());
  EXPECT_EQ(Names(posix, tmp.Join("visible")), (std::vector<std::string>{"a", "sub/"}));
  EXPECT_EQ(Names(posix, tmp.Join("durable")), (std::vector<std::string>{"a", "sub/"}));
  EXPECT_EQ(Names(posix, tmp.Join("durable/sub")), std::vector<std::string>{});  // b's entry: not synced
  EXPECT_EQ(Read(posix, tmp.Join("visible/sub/b")), Read(fs, "/data/sub/b"));
  EXPECT_EQ(Read(posix, tmp.Join("durable/a")), "durable");
  EXPECT_EQ(fs.WriteDurableTreeTo(posix, "/nope", tmp.Join("x")).code(), StatusCode::kNotFound);

  // And back in: the loaded tree is durable as a whole.
  SimFilesystem other;
  ASSERT_TRUE(other.LoadTreeFrom(posix, tmp.Join("visible"), "/copy/of/data").ok());
  other.PowerLoss();
  EXPECT_EQ(Read(other, "/copy/of/data/sub/b"), Read(fs, "/data/sub/b"));
  EXPECT_EQ(Read(other, "/copy/of/data/a"), "durable");
  EXPECT_EQ(other.op_count(), 0u);
}

TEST(SimFilesystem, HandlesOutliveTheFilesystemSafely) {
  std::unique_ptr<tsdb::WritableFile> f;
  {
    SimFilesystem fs;
    f = MustCreate(fs, "/f");
  }
  EXPECT_TRUE(f->Append(AsBytes("nobody reads this")).ok());
}

}  // namespace
}  // namespace tsdbsim::fault
