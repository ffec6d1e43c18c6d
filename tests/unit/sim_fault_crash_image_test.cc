// Crash images: a copy of the simulated filesystem as a crash would leave
// it, taken without disturbing the running original.
#include <gtest/gtest.h>

#include "unit/sim_fault_util.h"

namespace tsdbsim::fault {
namespace {

using testing::MakeDurableFile;
using testing::MustCreate;
using testing::ReadOrError;
using testing::VisibleTree;
using tsdb::AsBytes;

// A filesystem with a bit of everything: synced and unsynced bytes, an
// entry never synced, an unsynced rename and remove, a pending rename
// between directories, a file written through a handle that stays open.
struct Busy {
  SimFilesystem fs;
  std::unique_ptr<tsdb::WritableFile> wal;

  Busy() {
    MakeDurableFile(fs, "/data/wal", "00000001", "synced-record;");
    MakeDurableFile(fs, "/data", "old", "to be renamed");
    MakeDurableFile(fs, "/data", "gone", "to be removed");
    MakeDurableFile(fs, "/data/other", "moved", "between directories");
    wal = std::move(fs.OpenAppend("/data/wal/00000001")).value();
    TSDB_ASSERT(wal->Append(AsBytes("unsynced-record;")).ok());
    TSDB_ASSERT(wal->PWrite(0, AsBytes("S")).ok());
    TSDB_ASSERT(tsdb::WriteWholeFile(fs, "/data/new", AsBytes("synced, entry not"), true).ok());
    TSDB_ASSERT(fs.Rename("/data/old", "/data/renamed").ok());
    TSDB_ASSERT(fs.Remove("/data/gone").ok());
    TSDB_ASSERT(fs.Rename("/data/other/moved", "/data/wal/moved").ok());
  }
};

TEST(SimFaultCrashImage, ProcessImageShowsTheVisibleTreeAndKeepsDurabilityApart) {
  Busy b;
  const auto before = VisibleTree(b.fs);
  auto image = b.fs.CrashImage(CrashMode::kProcess, 0);
  EXPECT_EQ(VisibleTree(*image), before);
  EXPECT_EQ(image->op_count(), b.fs.op_count());
  // A power loss on the image leaves what one on the original would.
  auto lost_here = b.fs.CrashImage(CrashMode::kPowerLoss, 0);
  image->PowerLoss();
  EXPECT_EQ(VisibleTree(*image), VisibleTree(*lost_here));
  EXPECT_EQ(ReadOrError(*image, "/data/wal/00000001"), "synced-record;");
  EXPECT_EQ(ReadOrError(*image, "/data/old"), "to be renamed");
  EXPECT_EQ(ReadOrError(*image, "/data/gone"), "to be removed");
  EXPECT_EQ(ReadOrError(*image, "/data/other/moved"), "between directories");
  EXPECT_FALSE(tsdb::Exists(*image, "/data/new"));
  // The original was not touched: its handle still writes.
  EXPECT_EQ(VisibleTree(b.fs), before);
  EXPECT_TRUE(b.wal->Append(AsBytes("more;")).ok());
}

TEST(SimFaultCrashImage, ProcessImageKeepsUnsyncedChangesAsUnsynced) {
  Busy b;
  auto image = b.fs.CrashImage(CrashMode::kProcess, 0);
  for (const std::string path : {"/data/wal/00000001", "/data/new", "/data/renamed"}) {
    auto here = b.fs.Inspect(path);
    auto there = image->Inspect(path);
    ASSERT_TRUE(here.ok() && there.ok()) << path;
    EXPECT_EQ(there->content_durable, here->content_durable) << path;
    EXPECT_EQ(there->entry_durable, here->entry_durable) << path;
    EXPECT_EQ(there->unsynced_writes, here->unsynced_writes) << path;
    EXPECT_EQ(there->durable_size_bytes, here->durable_size_bytes) << path;
  }
}

TEST(SimFaultCrashImage, PowerLossImageEqualsAPowerLossInPlace) {
  Busy b;
  auto image = b.fs.CrashImage(CrashMode::kPowerLoss, 0);
  b.fs.PowerLoss();
  EXPECT_EQ(VisibleTree(*image), VisibleTree(b.fs));
  for (const SimFileStatus& s : image->Files("/")) {
    EXPECT_TRUE(s.content_durable && s.entry_durable) << s.path;
  }
}

TEST(SimFaultCrashImage, TornImageEqualsATornPowerLossInPlaceWithTheSameSeed) {
  for (uint64_t seed = 0; seed < 20; seed++) {
    Busy b;
    auto image = b.fs.CrashImage(CrashMode::kTorn, seed);
    b.fs.PowerLoss({.torn = true, .seed = seed});
    EXPECT_EQ(VisibleTree(*image), VisibleTree(b.fs)) << "seed " << seed;
  }
}

TEST(SimFaultCrashImage, ImageAndOriginalChangeIndependently) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "f", std::string(10000, 'a'));
  auto image = fs.CrashImage(CrashMode::kProcess, 0);
  auto mine = MustCreate(*image, "/d/only-in-image");
  ASSERT_TRUE(mine->Append(AsBytes("x")).ok());
  auto g = std::move(image->OpenAppend("/d/f")).value();
  ASSERT_TRUE(g->PWrite(4096, AsBytes("IMAGE")).ok());  // a shared page, copied on write
  auto f = std::move(fs.OpenAppend("/d/f")).value();
  ASSERT_TRUE(f->PWrite(4098, AsBytes("orig")).ok());
  EXPECT_EQ(ReadOrError(fs, "/d/f").substr(4096, 8), "aaorigaa");
  EXPECT_EQ(ReadOrError(*image, "/d/f").substr(4096, 8), "IMAGEaaa");
  EXPECT_FALSE(tsdb::Exists(fs, "/d/only-in-image"));
  // A crash of one leaves the other's handles alive.
  fs.CrashProcess();
  EXPECT_TRUE(g->Append(AsBytes("!")).ok());
  // Images of images work, and numbering continues in each.
  auto second = image->CrashImage(CrashMode::kPowerLoss, 0);
  EXPECT_EQ(ReadOrError(*second, "/d/f"), std::string(10000, 'a'));
  EXPECT_EQ(second->op_count(), image->op_count());
}

TEST(SimFaultCrashImage, ImageOutlivesItsOrigin) {
  std::unique_ptr<SimFilesystem> image;
  {
    SimFilesystem fs;
    MakeDurableFile(fs, "/d", "f", "kept");
    image = fs.CrashImage(CrashMode::kPowerLoss, 0);
  }
  EXPECT_EQ(ReadOrError(*image, "/d/f"), "kept");
}

TEST(SimFaultCrashImage, ModeNamesRoundTrip) {
  for (const CrashMode m : {CrashMode::kProcess, CrashMode::kPowerLoss, CrashMode::kTorn}) {
    CrashMode parsed = CrashMode::kProcess;
    ASSERT_TRUE(ParseCrashMode(CrashModeName(m), &parsed));
    EXPECT_EQ(parsed, m);
  }
  CrashMode unused;
  EXPECT_FALSE(ParseCrashMode("powerloss", &unused));
}

}  // namespace
}  // namespace tsdbsim::fault
