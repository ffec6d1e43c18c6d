// Torn power loss: a seeded part of each file's unsynced writes reaches
// the disk, whole 512-byte sectors in any order; sizes survive as a unit.
#include <gtest/gtest.h>

#include <set>

#include "unit/sim_fault_util.h"

namespace tsdbsim::fault {
namespace {

using testing::MakeDurableFile;
using testing::ReadOrError;
using testing::VisibleTree;
using tsdb::AsBytes;

constexpr int kSeeds = 300;

std::string Sector(const std::string& content, size_t s) { return content.substr(s * 512, 512); }

std::string Rep(char c, size_t n) { return std::string(n, c); }

// The file as a torn power loss with this seed leaves it.
std::string TornContent(const SimFilesystem& fs, const std::string& path, uint64_t seed) {
  auto image = fs.CrashImage(CrashMode::kTorn, seed);
  return ReadOrError(*image, path);
}

std::unique_ptr<tsdb::WritableFile> Open(SimFilesystem& fs, const std::string& path) {
  return std::move(fs.OpenAppend(path)).value();
}

TEST(SimFaultTorn, KeepsWholeSectorsOfAnySubsetInAnyOrder) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "f", Rep('a', 2048));
  auto f = Open(fs, "/d/f");
  ASSERT_TRUE(f->PWrite(0, AsBytes(Rep('b', 512))).ok());     // write 1: sector 0
  ASSERT_TRUE(f->PWrite(1024, AsBytes(Rep('c', 512))).ok());  // write 2: sector 2
  ASSERT_TRUE(f->PWrite(600, AsBytes(Rep('d', 100))).ok());   // write 3: inside sector 1
  const std::string with_d = Rep('a', 88) + Rep('d', 100) + Rep('a', 324);
  int all = 0, none = 0, later_kept_earlier_lost = 0;
  for (uint64_t seed = 0; seed < kSeeds; seed++) {
    const std::string got = TornContent(fs, "/d/f", seed);
    ASSERT_EQ(got.size(), 2048u) << "seed " << seed;
    const std::string s0 = Sector(got, 0), s1 = Sector(got, 1), s2 = Sector(got, 2);
    EXPECT_TRUE(s0 == Rep('a', 512) || s0 == Rep('b', 512)) << "seed " << seed;
    EXPECT_TRUE(s1 == Rep('a', 512) || s1 == with_d) << "seed " << seed;
    EXPECT_TRUE(s2 == Rep('a', 512) || s2 == Rep('c', 512)) << "seed " << seed;
    EXPECT_EQ(Sector(got, 3), Rep('a', 512)) << "seed " << seed;
    const bool w1 = s0[0] == 'b', w2 = s2[0] == 'c', w3 = s1 == with_d;
    all += w1 && w2 && w3;
    none += !w1 && !w2 && !w3;
    later_kept_earlier_lost += !w1 && (w2 || w3);
  }
  EXPECT_GT(all, 0);
  EXPECT_GT(none, 0);
  EXPECT_GT(later_kept_earlier_lost, 0);
  // The original is untouched by all those images.
  EXPECT_EQ(ReadOrError(fs, "/d/f").substr(0, 1), "b");
}

TEST(SimFaultTorn, AWriteMaySurviveInPart) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "f", Rep('a', 1536));
  auto f = Open(fs, "/d/f");
  ASSERT_TRUE(f->PWrite(0, AsBytes(Rep('b', 1536))).ok());
  std::set<std::string> patterns;
  for (uint64_t seed = 0; seed < kSeeds; seed++) {
    const std::string got = TornContent(fs, "/d/f", seed);
    std::string pattern;
    for (size_t s = 0; s < 3; s++) {
      const std::string sector = Sector(got, s);
      ASSERT_TRUE(sector == Rep('a', 512) || sector == Rep('b', 512)) << "seed " << seed;
      pattern += sector[0];
    }
    patterns.insert(pattern);
  }
  // Every one of the 8 subsets happens, "bab" (first and last sector, not
  // the middle) among them.
  EXPECT_EQ(patterns.size(), 8u);
}

TEST(SimFaultTorn, AppendsIntoOneSectorSurviveAsTheCacheHeldThem) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "wal", "");
  auto f = Open(fs, "/d/wal");
  ASSERT_TRUE(f->Append(AsBytes(Rep('x', 100))).ok());
  ASSERT_TRUE(f->Append(AsBytes(Rep('y', 100))).ok());
  ASSERT_TRUE(f->Append(AsBytes(Rep('z', 100))).ok());
  const std::string versions[] = {Rep('\0', 300), Rep('x', 100) + Rep('\0', 200),
                                  Rep('x', 100) + Rep('y', 100) + Rep('\0', 100),
                                  Rep('x', 100) + Rep('y', 100) + Rep('z', 100)};
  std::set<size_t> sizes;
  bool size_without_data = false;
  for (uint64_t seed = 0; seed < kSeeds; seed++) {
    const std::string got = TornContent(fs, "/d/wal", seed);
    sizes.insert(got.size());
    bool matches = false;
    for (const std::string& v : versions) matches |= got == v.substr(0, got.size());
    EXPECT_TRUE(matches) << "seed " << seed << ": " << got;
    size_without_data |= got.size() == 300 && got.substr(200) == Rep('\0', 100);
  }
  EXPECT_EQ(sizes, (std::set<size_t>{0, 100, 200, 300}));
  // A size that reached the disk without its sector reads zeros there.
  EXPECT_TRUE(size_without_data);
}

TEST(SimFaultTorn, AnOverwrittenSectorKeepsEachWritesOwnVersion) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "f", "");
  auto f = Open(fs, "/d/f");
  ASSERT_TRUE(f->Append(AsBytes(Rep('x', 600))).ok());       // sectors 0 and 1
  ASSERT_TRUE(f->PWrite(100, AsBytes(Rep('y', 50))).ok());   // over write 1, sector 0
  const std::string first = Rep('x', 512);
  const std::string second = Rep('x', 100) + Rep('y', 50) + Rep('x', 362);
  bool saw_first = false, saw_second = false;
  for (uint64_t seed = 0; seed < kSeeds; seed++) {
    const std::string got = TornContent(fs, "/d/f", seed);
    if (got.size() < 512) continue;  // write 1's size did not survive
    const std::string s0 = Sector(got, 0);
    EXPECT_TRUE(s0 == Rep('\0', 512) || s0 == first || s0 == second) << "seed " << seed;
    saw_first |= s0 == first;
    saw_second |= s0 == second;
  }
  EXPECT_TRUE(saw_first);   // write 1 reached the disk, the overwrite did not
  EXPECT_TRUE(saw_second);
}

TEST(SimFaultTorn, ResizesSurviveAsAUnit) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "f", Rep('a', 1000));
  auto f = Open(fs, "/d/f");
  ASSERT_TRUE(f->Truncate(10).ok());
  ASSERT_TRUE(f->Append(AsBytes(Rep('b', 10))).ok());
  std::set<size_t> sizes;
  for (uint64_t seed = 0; seed < kSeeds; seed++) {
    const std::string got = TornContent(fs, "/d/f", seed);
    sizes.insert(got.size());
    EXPECT_EQ(got.substr(0, 10), Rep('a', 10)) << "seed " << seed;
    if (got.size() == 20) {
      EXPECT_TRUE(got.substr(10) == Rep('b', 10) || got.substr(10) == Rep('\0', 10));
    }
    if (got.size() == 1000) {
      // The truncation was lost: the rest is the old bytes, or the sector
      // as the page cache had it after the append (zeros past its end).
      const std::string tail = got.substr(20, 492);
      EXPECT_TRUE(tail == Rep('a', 492) || tail == Rep('\0', 492)) << "seed " << seed;
      EXPECT_EQ(got.substr(512), Rep('a', 488));
    }
  }
  EXPECT_EQ(sizes, (std::set<size_t>{10, 20, 1000}));
}

// Page-sized and odd writes over several pages: every sector is old or
// new, and across seeds every sector is seen both ways, all-new included.
TEST(SimFaultTorn, LargeWritesKeepEachSectorOldOrNew) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "f", Rep('a', 5 * 4096));
  auto f = Open(fs, "/d/f");
  ASSERT_TRUE(f->PWrite(0, AsBytes(Rep('b', 2 * 4096))).ok());
  ASSERT_TRUE(f->PWrite(2 * 4096 + 700, AsBytes(Rep('c', 5000))).ok());
  const std::string visible = ReadOrError(fs, "/d/f");
  const size_t sectors = visible.size() / 512;
  std::vector<int> seen_new(sectors), seen_old(sectors);
  bool all_new = false;
  for (uint64_t seed = 0; seed < kSeeds; seed++) {
    const std::string got = TornContent(fs, "/d/f", seed);
    ASSERT_EQ(got.size(), visible.size());
    for (size_t s = 0; s < sectors; s++) {
      const std::string sector = Sector(got, s);
      const bool is_new = sector == Sector(visible, s);
      ASSERT_TRUE(is_new || sector == Rep('a', 512)) << "seed " << seed << " sector " << s;
      seen_new[s] += is_new;
      seen_old[s] += sector == Rep('a', 512);
    }
    all_new |= got == visible;
  }
  for (size_t s = 0; s < sectors; s++) {
    const bool written = s < 16 || (s >= 17 && s <= 27);  // bytes 8892..13891
    EXPECT_EQ(Sector(visible, s) != Rep('a', 512), written) << s;
    EXPECT_GT(seen_old[s], 0) << s;
    EXPECT_GT(seen_new[s], 0) << s;
  }
  EXPECT_TRUE(all_new);
}

TEST(SimFaultTorn, DirectoryEntriesAreNeverTorn) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "kept", "k");
  ASSERT_TRUE(tsdb::WriteWholeFile(fs, "/d/new", AsBytes("synced data"), true).ok());
  ASSERT_TRUE(fs.Rename("/d/kept", "/d/renamed").ok());
  const auto power_loss = VisibleTree(*fs.CrashImage(CrashMode::kPowerLoss, 0));
  for (uint64_t seed = 0; seed < 50; seed++) {
    EXPECT_EQ(VisibleTree(*fs.CrashImage(CrashMode::kTorn, seed)), power_loss) << seed;
  }
}

TEST(SimFaultTorn, SameSeedSameStateAndFilesDrawIndependently) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "f", Rep('a', 4096));
  auto f = Open(fs, "/d/f");
  ASSERT_TRUE(f->PWrite(0, AsBytes(Rep('b', 4096))).ok());
  SimFilesystem other;
  MakeDurableFile(other, "/d", "f", Rep('a', 4096));
  MakeDurableFile(other, "/d", "e", Rep('a', 4096));  // another file, drawn first
  auto e = Open(other, "/d/e");
  ASSERT_TRUE(e->PWrite(0, AsBytes(Rep('c', 4096))).ok());
  auto g = Open(other, "/d/f");
  ASSERT_TRUE(g->PWrite(0, AsBytes(Rep('b', 4096))).ok());
  std::set<std::string> outcomes;
  for (uint64_t seed = 0; seed < 40; seed++) {
    const std::string got = TornContent(fs, "/d/f", seed);
    EXPECT_EQ(TornContent(fs, "/d/f", seed), got);
    EXPECT_EQ(TornContent(other, "/d/f", seed), got);
    outcomes.insert(got);
  }
  EXPECT_GT(outcomes.size(), 10u);
}

TEST(SimFaultTorn, NothingUnsyncedMeansNothingToTear) {
  SimFilesystem fs;
  MakeDurableFile(fs, "/d", "f", Rep('a', 3000));
  auto f = Open(fs, "/d/f");
  ASSERT_TRUE(f->PWrite(5, AsBytes(Rep('b', 2000))).ok());
  ASSERT_TRUE(f->Sync().ok());
  const auto visible = VisibleTree(fs);
  for (uint64_t seed = 0; seed < 20; seed++) {
    EXPECT_EQ(VisibleTree(*fs.CrashImage(CrashMode::kTorn, seed)), visible);
  }
}

}  // namespace
}  // namespace tsdbsim::fault
