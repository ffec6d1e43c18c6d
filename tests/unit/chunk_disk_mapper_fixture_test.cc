// ChunkDiskMapper on the real fixtures (copied into a temporary directory
// first) and under injected write and rename failures.
#include "support/chunk_disk_mapper_fixture.h"
#include "support/failing_filesystem.h"

namespace tsdb::chunks {
namespace {

using namespace tsdb::chunks::cdm_test;  // NOLINT: the shared fixture

TEST_F(ChunkDiskMapperTest, MmappedFixtureIteratesAll1536Chunks) {
  CopyFixture("mmapped-datadir");
  auto m = OpenOk();
  EXPECT_EQ(m->Files(), std::vector<uint32_t>{1});
  const auto all = IterateOk(*m);
  ASSERT_EQ(all.size(), 1536u);
  EXPECT_EQ(all[0].chunk_ref, MakeChunkDiskRef(1, 8));
  for (const MappedChunkInfo& i : all) {
    ASSERT_EQ(i.num_samples, 120);
    ASSERT_EQ(i.encoding, 1);
    Bytes out;
    ASSERT_TRUE(m->ReadChunk(i.chunk_ref, &out).ok());
    ASSERT_EQ(GetBE16(out.data()), 120);
  }
  EXPECT_EQ(WriteOk(*m, 1, 0, MakeChunk(10, 1)), MakeChunkDiskRef(2, 8));
}

// The same entries written by tsdbsim give Prometheus's file byte for byte.
TEST_F(ChunkDiskMapperTest, RewritingTheFixtureChunksGivesTheSameFile) {
  const Bytes original =
      *ReadWholeFile(fs_, testing::FixturePath("prometheus-2.42/mmapped-datadir/chunks_head/000001"));
  auto m = OpenOk();
  const Status s = IterateHeadChunkFile(original, 1, [&](const HeadChunkEntry& e) {
    auto r = m->WriteChunk(e.series_ref, e.mint, e.maxt, static_cast<Encoding>(e.encoding), e.data);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(*r, e.chunk_ref);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(m->Close().ok());
  const Bytes ours = FileBytes(1);
  ASSERT_EQ(ours.size(), original.size());
  EXPECT_TRUE(ours == original);
}

TEST_F(ChunkDiskMapperTest, KilledFixtureHasNoChunks) {
  CopyFixture("killed-datadir");
  auto m = OpenOk();
  EXPECT_EQ(m->Files(), std::vector<uint32_t>{4});
  EXPECT_TRUE(IterateOk(*m).empty());
  EXPECT_EQ(WriteOk(*m, 1, 0, MakeChunk(10, 1)), MakeChunkDiskRef(5, 8));
}

// PosixFilesystem with switchable faults.
TEST_F(ChunkDiskMapperTest, FailedCutLeavesNothingBehindAndLaterWritesFailCleanly) {
  tsdb::testing::FailingFilesystem fs;
  auto opened = ChunkDiskMapper::Open(&fs, Dir(), {.max_file_size_bytes = 400});
  ASSERT_TRUE(opened.ok());
  auto& m = *opened;
  fs.fail_rename = true;
  auto r = m->WriteChunk(1, 0, 1, Encoding::kXor, MakeChunk(100, 1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("replace file"), std::string::npos) << r.status().message();
  auto list = fs.List(Dir());
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty()) << "the .tmp file is removed";
  fs.fail_rename = false;
  // The position moved on while no file opened: 2.42 writes into nothing
  // until the next cut, whose number then disagrees with the directory.
  r = m->WriteChunk(1, 0, 1, Encoding::kXor, MakeChunk(100, 1));
  EXPECT_EQ(r.status().code(), StatusCode::kClosed);
  Bytes out;
  EXPECT_FALSE(m->ReadChunk(MakeChunkDiskRef(1, 8), &out).ok());
  r = m->WriteChunk(1, 0, 1, Encoding::kXor, MakeChunk(300, 1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "expected newly cut file to have sequence:offset 2:8, got 1:8");
  EXPECT_TRUE(m->Close().ok());
}

TEST_F(ChunkDiskMapperTest, WriteErrorsAreStickyAndReported) {
  tsdb::testing::FailingFilesystem fs;
  auto opened = ChunkDiskMapper::Open(&fs, Dir(), {.write_buffer_size_bytes = kMinBuffer});
  ASSERT_TRUE(opened.ok());
  auto& m = *opened;
  const auto a = m->WriteChunk(1, 0, 1, Encoding::kXor, MakeChunk(100, 1));
  ASSERT_TRUE(a.ok());
  fs.fail_writes = true;
  auto r = m->WriteChunk(2, 0, 1, Encoding::kXor, MakeChunk(2 * kMinBuffer, 2));
  EXPECT_EQ(r.status().code(), StatusCode::kNoSpace);
  fs.fail_writes = false;
  EXPECT_EQ(m->Flush().code(), StatusCode::kNoSpace);  // like bufio, the error stays
  EXPECT_EQ(m->Close().code(), StatusCode::kNoSpace);
}

}  // namespace
}  // namespace tsdb::chunks
