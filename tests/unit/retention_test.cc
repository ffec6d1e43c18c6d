// Which blocks retention deletes: by time, counted from the newest block's
// end; by size, with the head's bytes counted first and the oldest blocks
// going first; and the sizes as 2.42 counts them.
#include "engine/compact/retention.h"

#include <gtest/gtest.h>

#include "engine/base/posix_filesystem.h"
#include "support/temp_dir.h"

namespace tsdb::compact {
namespace {

constexpr int64_t kH = 3600 * 1000;

block::Ulid Id(int n) {
  auto u = block::Ulid::Parse("01H0000000000000000000000" + std::to_string(n));
  TSDB_ASSERT(u.ok());
  return *u;
}

SizedBlock B(int n, int64_t min_h, int64_t max_h, int64_t bytes = 100) {
  SizedBlock b;
  b.meta.ulid = Id(n);
  b.meta.min_time = min_h * kH;
  b.meta.max_time = max_h * kH;
  b.size_bytes = bytes;
  return b;
}

TEST(Retention, TimeCountsFromTheNewestBlocksEnd) {
  const std::vector<SizedBlock> blocks = {B(1, 0, 18), B(2, 18, 36), B(3, 36, 54), B(4, 54, 56)};
  RetentionOptions o{.retention_ms = 20 * kH, .max_bytes = 0};
  // 56 - 36 = 20h: not more than retention; 56 - 18 = 38h: gone.
  EXPECT_EQ(BeyondRetention(blocks, 0, o).by_time, (std::set<block::Ulid>{Id(1)}));
  o.retention_ms = 19 * kH;
  EXPECT_EQ(BeyondRetention(blocks, 0, o).by_time, (std::set<block::Ulid>{Id(1), Id(2)}));
  // Input order does not matter; the newest block never goes.
  o.retention_ms = 1;
  EXPECT_EQ(BeyondRetention({blocks[3], blocks[0], blocks[2], blocks[1]}, 0, o).by_time,
            (std::set<block::Ulid>{Id(1), Id(2), Id(3)}));
  o.retention_ms = 0;  // off
  EXPECT_TRUE(BeyondRetention(blocks, 0, o).by_time.empty());
  EXPECT_TRUE(BeyondRetention({}, 0, {}).by_time.empty());
}

TEST(Retention, SizeKeepsTheNewestThatFitWithTheHead) {
  const std::vector<SizedBlock> blocks = {B(1, 0, 2, 300), B(2, 2, 4, 200), B(3, 4, 6, 100)};
  RetentionOptions o{.retention_ms = 0, .max_bytes = 600};
  EXPECT_TRUE(BeyondRetention(blocks, 0, o).by_size.empty());  // exactly 600 fits
  EXPECT_EQ(BeyondRetention(blocks, 1, o).by_size, (std::set<block::Ulid>{Id(1)}));
  // The head alone over the limit: every block goes, the newest too.
  EXPECT_EQ(BeyondRetention(blocks, 700, o).by_size, (std::set<block::Ulid>{Id(1), Id(2), Id(3)}));
  o.max_bytes = 0;  // off
  EXPECT_TRUE(BeyondRetention(blocks, 1 << 30, o).by_size.empty());
}

TEST(Retention, SizesAreTheFilesAsTwoFortyTwoCountsThem) {
  tsdb::testing::TempDir dir;
  PosixFilesystem fs;
  const std::string b = JoinPath(dir.path(), "block");
  ASSERT_TRUE(fs.MkdirAll(JoinPath(b, "chunks")).ok());
  auto write = [&](const std::string& p, size_t n) {
    auto f = fs.Create(p);
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE((*f)->Append(std::vector<uint8_t>(n, 1)).ok());
    ASSERT_TRUE((*f)->Close().ok());
  };
  write(JoinPath(b, "chunks/000001"), 1000);
  write(JoinPath(b, "chunks/000002"), 24);
  write(JoinPath(b, "index"), 500);
  write(JoinPath(b, "meta.json"), 70);
  write(JoinPath(b, "stray"), 99999);  // not part of a block's size
  auto size = BlockSizeBytes(fs, b);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 1000 + 24 + 500 + 70);  // no tombstones file: 0
  auto all = DirSizeBytes(fs, b);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, 1000 + 24 + 500 + 70 + 99999);
  auto none = DirSizeBytes(fs, JoinPath(dir.path(), "absent"));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
}

}  // namespace
}  // namespace tsdb::compact
