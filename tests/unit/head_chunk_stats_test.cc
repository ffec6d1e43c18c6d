#include <gtest/gtest.h>

#include "engine/base/posix_filesystem.h"
#include "engine/chunks/head_chunk_stats.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdb::chunks {
namespace {

TEST(HeadChunkStats, CountsTheFixtureFiles) {
  PosixFilesystem fs;
  auto m = InspectHeadChunks(fs, tsdb::testing::FixturePath("prometheus-2.42/mmapped-datadir/chunks_head"));
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].chunks, 1536);
  EXPECT_EQ((*m)[0].series, 512);
  EXPECT_EQ((*m)[0].samples, 184320);
  EXPECT_TRUE((*m)[0].error.empty());
  auto k = InspectHeadChunks(fs, tsdb::testing::FixturePath("prometheus-2.42/killed-datadir/chunks_head"));
  ASSERT_TRUE(k.ok());
  ASSERT_EQ(k->size(), 1u);
  EXPECT_EQ((*k)[0].name, "000004");
  EXPECT_EQ((*k)[0].chunks, 0);  // killed before the write buffer was flushed
}

TEST(HeadChunkStats, CorruptEntryIsReportedWithWhatCameBefore) {
  PosixFilesystem fs;
  tsdb::testing::TempDir dir;
  auto b = ReadWholeFile(fs, tsdb::testing::FixturePath("prometheus-2.42/mmapped-datadir/chunks_head/000001"));
  ASSERT_TRUE(b.ok());
  (*b)[100000] ^= 0x10;
  ASSERT_TRUE(WriteWholeFile(fs, dir.Join("000001"), *b, false).ok());
  auto st = InspectHeadChunks(fs, dir.path());
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE((*st)[0].error.empty());
  EXPECT_GT((*st)[0].chunks, 0);
  EXPECT_LT((*st)[0].chunks, 1536);
  EXPECT_TRUE(InspectHeadChunks(fs, dir.Join("missing")).ok());
}

}  // namespace
}  // namespace tsdb::chunks
