// Injected failures: EIO on any call, fsync failure with Linux's page
// clearing, and ENOSPC at a space budget. Each fails the way the real call
// fails (code and message as PosixFilesystem gives them) and changes
// exactly what its definition says.
#include <gtest/gtest.h>

#include "unit/sim_fault_util.h"

namespace tsdbsim::fault {
namespace {

using testing::MakeDurableFile;
using Rig = testing::FaultRig;
using testing::MustCreate;
using testing::ReadOrError;
using testing::VisibleTree;
using tsdb::AsBytes;
using tsdb::StatusCode;

TEST(SimFaultEio, WriteFailsAsThePosixOneWouldAndChangesNothing) {
  Rig r;
  MakeDurableFile(r.fs, "/data/wal", "00000001", "abc");
  auto f = std::move(r.fs.OpenAppend("/data/wal/00000001")).value();
  r.Rule(FaultAction::kEio, CallSet(FaultCall::kWrite), "/data/wal/*", 1);
  r.Attach();
  const uint64_t ops = r.fs.op_count();
  const tsdb::Status s = f->Append(AsBytes("defg"));
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_EQ(s.message(), "write /data/wal/00000001: Input/output error");
  EXPECT_EQ(f->Size(), 3u);
  EXPECT_EQ(r.fs.op_count(), ops);  // a failed call is no operation
  EXPECT_EQ(ReadOrError(r.fs, "/data/wal/00000001"), "abc");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, FaultKind::kEio);
  EXPECT_EQ(r.events[0].call, FaultCall::kWrite);
  EXPECT_EQ(r.events[0].path, "/data/wal/00000001");
  EXPECT_EQ(r.events[0].offset_bytes, 3u);
  EXPECT_EQ(r.events[0].length_bytes, 4u);
  EXPECT_EQ(r.events[0].rule, 0);
  // Only the first matching call: the retry works.
  EXPECT_TRUE(f->Append(AsBytes("defg")).ok());
  EXPECT_EQ(ReadOrError(r.fs, "/data/wal/00000001"), "abcdefg");
  EXPECT_EQ(r.plan.fired(0), 1u);
}

// Every kind of call fails with the message PosixFilesystem would give and
// leaves every byte, entry and durability flag as it was.
TEST(SimFaultEio, EveryCallFailsWithItsOwnMessageAndChangesNothing) {
  struct Case {
    FaultCall call;
    std::function<tsdb::Status(SimFilesystem&, tsdb::WritableFile&)> run;
    std::string message;
  };
  const auto st = [](auto r) { return r.status(); };
  const std::vector<Case> cases = {
      {FaultCall::kOpen, [&](SimFilesystem& fs, auto&) { return st(fs.Create("/d/new")); },
       "open /d/new: Input/output error"},
      {FaultCall::kOpen, [&](SimFilesystem& fs, auto&) { return st(fs.OpenRead("/d/f")); },
       "open /d/f: Input/output error"},
      {FaultCall::kMap, [&](SimFilesystem& fs, auto&) { return st(fs.MapReadOnly("/d/f")); },
       "mmap /d/f: Input/output error"},
      {FaultCall::kList, [&](SimFilesystem& fs, auto&) { return st(fs.List("/d")); },
       "open /d: Input/output error"},
      {FaultCall::kList, [&](SimFilesystem& fs, auto&) { return st(fs.Stat("/d/f")); },
       "stat /d/f: Input/output error"},
      {FaultCall::kMkdir, [](SimFilesystem& fs, auto&) { return fs.MkdirAll("/d/e/g"); },
       "mkdir /d: Input/output error"},  // every prefix is a mkdir call
      {FaultCall::kRename, [](SimFilesystem& fs, auto&) { return fs.Rename("/d/f", "/d/g"); },
       "rename /d/f: Input/output error"},
      {FaultCall::kRemove, [](SimFilesystem& fs, auto&) { return fs.Remove("/d/f"); },
       "remove /d/f: Input/output error"},
      {FaultCall::kRemove, [](SimFilesystem& fs, auto&) { return fs.RemoveAll("/d"); },
       "remove /d/f: Input/output error"},
      {FaultCall::kSyncDir, [](SimFilesystem& fs, auto&) { return fs.SyncDir("/d"); },
       "fsync /d: Input/output error"},
      {FaultCall::kResize, [](SimFilesystem& fs, auto&) { return fs.Truncate("/d/f", 1); },
       "truncate /d/f: Input/output error"},
      {FaultCall::kResize, [](auto&, tsdb::WritableFile& f) { return f.Preallocate(9000); },
       "fallocate /d/f: Input/output error"},
      {FaultCall::kResize, [](auto&, tsdb::WritableFile& f) { return f.Truncate(0); },
       "truncate /d/f: Input/output error"},
      {FaultCall::kWrite, [](auto&, tsdb::WritableFile& f) { return f.PWrite(0, AsBytes("x")); },
       "pwrite /d/f: Input/output error"},
      {FaultCall::kSync, [](auto&, tsdb::WritableFile& f) { return f.Sync(); },
       "fsync /d/f: Input/output error"},
      {FaultCall::kRead,
       [](SimFilesystem& fs, auto&) {
         auto r = std::move(fs.OpenRead("/d/f")).value();
         uint8_t buf[4];
         return r->ReadAt(0, buf).status();
       },
       "read /d/f: Input/output error"},
  };
  for (const Case& c : cases) {
    Rig r;
    MakeDurableFile(r.fs, "/d", "f", "synced");
    auto f = std::move(r.fs.OpenAppend("/d/f")).value();
    ASSERT_TRUE(f->Append(AsBytes("+unsynced")).ok());
    ASSERT_TRUE(r.fs.MkdirAll("/d/e").ok() && r.fs.Remove("/d/e").ok());  // an unsynced change
    const auto tree = VisibleTree(r.fs);
    const auto files = r.fs.Files("/");
    const uint64_t ops = r.fs.op_count();
    r.Rule(FaultAction::kEio, CallSet(c.call), "/d*");
    r.Attach();
    const tsdb::Status s = c.run(r.fs, *f);
    EXPECT_EQ(s.code(), StatusCode::kIOError) << c.message;
    EXPECT_EQ(s.message(), c.message);
    r.fs.SetFaultPlan(nullptr);
    EXPECT_EQ(VisibleTree(r.fs), tree) << c.message;
    EXPECT_EQ(r.fs.op_count(), ops) << c.message;
    const auto after = r.fs.Files("/");
    ASSERT_EQ(after.size(), files.size());
    for (size_t i = 0; i < files.size(); i++) {
      EXPECT_EQ(after[i].content_durable, files[i].content_durable) << c.message;
      EXPECT_EQ(after[i].entry_durable, files[i].entry_durable) << c.message;
      EXPECT_EQ(after[i].unsynced_writes, files[i].unsynced_writes) << c.message;
    }
  }
}

TEST(SimFaultEio, AFailedSyncWithoutPageClearingLeavesTheDataToTheNextSync) {
  Rig r;
  MakeDurableFile(r.fs, "/d", "f", "old");
  auto f = std::move(r.fs.OpenAppend("/d/f")).value();
  ASSERT_TRUE(f->Append(AsBytes("+new")).ok());
  r.Rule(FaultAction::kEio, CallSet(FaultCall::kSync), "*", 1);
  r.Attach();
  EXPECT_EQ(f->Sync().code(), StatusCode::kIOError);
  EXPECT_EQ(ReadOrError(*r.fs.CrashImage(CrashMode::kPowerLoss), "/d/f"), "old");
  ASSERT_TRUE(f->Sync().ok());
  EXPECT_EQ(ReadOrError(*r.fs.CrashImage(CrashMode::kPowerLoss), "/d/f"), "old+new");
}

TEST(SimFaultFsyncFail, DirtyPagesAreMarkedCleanAndNeverReachTheDisk) {
  Rig r;
  MakeDurableFile(r.fs, "/d", "f", "old");
  auto f = std::move(r.fs.OpenAppend("/d/f")).value();
  ASSERT_TRUE(f->Append(AsBytes("new-data")).ok());
  r.Rule(FaultAction::kFsyncFail, CallSet(FaultCall::kSync), "/d/f", 1);
  r.Attach();
  const tsdb::Status s = f->Sync();
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_EQ(s.message(), "fsync /d/f: Input/output error");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, FaultKind::kFsyncFail);
  // Still visible, never durable.
  EXPECT_EQ(ReadOrError(r.fs, "/d/f"), "oldnew-data");
  auto status = r.fs.Inspect("/d/f");
  EXPECT_FALSE(status->content_durable);
  EXPECT_EQ(status->lost_pages, 1u);
  EXPECT_EQ(status->unsynced_writes, 0u);
  EXPECT_EQ(ReadOrError(*r.fs.CrashImage(CrashMode::kPowerLoss), "/d/f"), "old");
  for (uint64_t seed = 0; seed < 30; seed++) {  // nothing left for a torn write to keep
    EXPECT_EQ(ReadOrError(*r.fs.CrashImage(CrashMode::kTorn, seed), "/d/f"), "old");
  }
  // The next fsync succeeds and still does not write them: the size is
  // metadata and gets there, the bytes read as the disk has them (zeros).
  ASSERT_TRUE(f->Sync().ok());
  EXPECT_EQ(ReadOrError(r.fs, "/d/f"), "oldnew-data");
  EXPECT_EQ(ReadOrError(*r.fs.CrashImage(CrashMode::kPowerLoss), "/d/f"),
            std::string("old\0\0\0\0\0\0\0\0", 11));
  EXPECT_FALSE(r.fs.Inspect("/d/f")->content_durable);
  // Writing the page again dirties it; then a sync makes it durable.
  ASSERT_TRUE(f->PWrite(3, AsBytes("NEW")).ok());
  ASSERT_TRUE(f->Sync().ok());
  EXPECT_EQ(ReadOrError(*r.fs.CrashImage(CrashMode::kPowerLoss), "/d/f"), "oldNEW-data");
  EXPECT_TRUE(r.fs.Inspect("/d/f")->content_durable);
}

TEST(SimFaultFsyncFail, OnlyThePagesWrittenSinceTheLastSyncAreLost) {
  Rig r;
  MakeDurableFile(r.fs, "/d", "f", std::string(3 * 4096, 'a'));
  auto f = std::move(r.fs.OpenAppend("/d/f")).value();
  ASSERT_TRUE(f->PWrite(4096 + 10, AsBytes("bbbb")).ok());  // page 1 only
  r.Rule(FaultAction::kFsyncFail, CallSet(FaultCall::kSync), "*", 1);
  r.Attach();
  ASSERT_FALSE(f->Sync().ok());
  ASSERT_TRUE(f->PWrite(2 * 4096, AsBytes("cccc")).ok());  // page 2, after the failure
  ASSERT_TRUE(f->Sync().ok());
  const std::string disk = ReadOrError(*r.fs.CrashImage(CrashMode::kPowerLoss), "/d/f");
  EXPECT_EQ(disk.substr(4096 + 10, 4), "aaaa");
  EXPECT_EQ(disk.substr(2 * 4096, 4), "cccc");
  EXPECT_EQ(r.fs.Inspect("/d/f")->lost_pages, 1u);
  // A process crash keeps the page cache, lost pages and all.
  auto image = r.fs.CrashImage(CrashMode::kProcess);
  EXPECT_EQ(ReadOrError(*image, "/d/f").substr(4096 + 10, 4), "bbbb");
  EXPECT_EQ(image->Inspect("/d/f")->lost_pages, 1u);
}

TEST(SimFaultNoSpace, AWritePastTheBudgetStoresWhatFitsThenFails) {
  Rig r;
  r.plan.SetSpaceBudget(100);
  r.Attach();
  ASSERT_TRUE(r.fs.MkdirAll("/d").ok());
  auto a = MustCreate(r.fs, "/d/a");
  ASSERT_TRUE(a->Append(AsBytes(std::string(60, 'a'))).ok());
  auto b = MustCreate(r.fs, "/d/b");
  const uint64_t ops = r.fs.op_count();
  const tsdb::Status s = b->Append(AsBytes(std::string(30, 'b') + std::string(20, 'c')));
  EXPECT_EQ(s.code(), StatusCode::kNoSpace);
  EXPECT_EQ(s.message(), "write /d/b: No space left on device");
  EXPECT_EQ(ReadOrError(r.fs, "/d/b"), std::string(30, 'b') + std::string(10, 'c'));
  EXPECT_EQ(b->Size(), 40u);  // as the POSIX handle counts a short write
  EXPECT_EQ(r.fs.op_count(), ops + 1);  // the part written is an operation
  EXPECT_EQ(r.fs.space_used_bytes(), 100u);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, FaultKind::kNoSpace);
  EXPECT_EQ(r.events[0].offset_bytes, 40u);
  EXPECT_EQ(r.events[0].length_bytes, 10u);
  // Full: nothing more fits, nothing changes; overwriting in place is fine.
  EXPECT_EQ(b->Append(AsBytes("x")).code(), StatusCode::kNoSpace);
  EXPECT_EQ(r.fs.op_count(), ops + 1);
  EXPECT_TRUE(a->PWrite(0, AsBytes("AAAA")).ok());
  // Positional writes: the part that fits, and the handle keeps its size.
  EXPECT_EQ(b->PWrite(38, AsBytes("yyyy")).code(), StatusCode::kNoSpace);
  EXPECT_EQ(ReadOrError(r.fs, "/d/b").substr(38), "yy");
  EXPECT_EQ(b->Size(), 40u);
  // Preallocation past the budget fails whole.
  EXPECT_EQ(b->Preallocate(4096).message(), "fallocate /d/b: No space left on device");
  EXPECT_EQ(r.fs.Stat("/d/b")->size_bytes, 40u);
  EXPECT_EQ(r.plan.no_space_fired(), 4u);
  // Removing a file frees its space.
  ASSERT_TRUE(r.fs.Remove("/d/a").ok());
  EXPECT_EQ(r.fs.space_used_bytes(), 40u);
  EXPECT_TRUE(b->Preallocate(100).ok());
  EXPECT_EQ(b->Append(AsBytes("z")).code(), StatusCode::kNoSpace);
}

TEST(SimFaultNoSpace, SpaceFollowsRenamesTruncationAndPowerLoss) {
  Rig r;
  r.plan.SetSpaceBudget(1000);
  r.Attach();
  MakeDurableFile(r.fs, "/d", "a", std::string(300, 'a'));
  auto b = MustCreate(r.fs, "/d/b");
  ASSERT_TRUE(b->Append(AsBytes(std::string(500, 'b'))).ok());
  EXPECT_EQ(r.fs.space_used_bytes(), 800u);
  ASSERT_TRUE(r.fs.Rename("/d/b", "/d/a").ok());  // the old /d/a goes
  EXPECT_EQ(r.fs.space_used_bytes(), 500u);
  ASSERT_TRUE(b->Truncate(100).ok());
  EXPECT_EQ(r.fs.space_used_bytes(), 100u);
  ASSERT_TRUE(r.fs.Remove("/d/a").ok());
  EXPECT_TRUE(b->Append(AsBytes(std::string(2000, 'x'))).ok());  // unlinked: counts nothing
  EXPECT_EQ(r.fs.space_used_bytes(), 0u);
  r.fs.PowerLoss();  // back to the synced /d/a
  EXPECT_EQ(r.fs.space_used_bytes(), 300u);
  EXPECT_EQ(r.fs.Usage("/").visible_bytes, 300u);
}

}  // namespace
}  // namespace tsdbsim::fault
