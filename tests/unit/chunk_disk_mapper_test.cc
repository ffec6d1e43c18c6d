// ChunkDiskMapper against 2.42's behaviour: file bytes, buffering, cutting,
// restart, truncation, startup repair and corruption.
#include "support/chunk_disk_mapper_fixture.h"

namespace tsdb::chunks {
namespace {

using namespace tsdb::chunks::cdm_test;  // NOLINT: the shared fixture

TEST_F(ChunkDiskMapperTest, WrittenFileHasPrometheusLayout) {
  auto m = OpenOk();
  const Bytes chunk = MakeChunk(300, 7);
  const ChunkDiskRef ref = WriteOk(*m, 42, -5, chunk, Encoding::kXor);
  EXPECT_EQ(ref, (uint64_t{1} << 32) | 8);
  ASSERT_TRUE(m->Close().ok());

  const Bytes f = FileBytes(1);
  ASSERT_EQ(f.size(), 131072u);  // preallocated, never shrunk
  const Bytes header = {0x01, 0x30, 0xBC, 0x91, 0x01, 0x00, 0x00, 0x00};
  EXPECT_EQ(Bytes(f.begin(), f.begin() + 8), header);
  EXPECT_EQ(GetBE64(&f[8]), 42u);
  EXPECT_EQ(static_cast<int64_t>(GetBE64(&f[16])), -5);
  EXPECT_EQ(static_cast<int64_t>(GetBE64(&f[24])), 995);
  EXPECT_EQ(f[32], 1);                      // XOR
  EXPECT_EQ(f[33], 300 % 128 | 0x80);       // uvarint(300) = AC 02
  EXPECT_EQ(f[34], 2);
  EXPECT_EQ(Bytes(f.begin() + 35, f.begin() + 335), chunk);
  EXPECT_EQ(GetBE32(&f[335]), Crc32c(ByteView(f).subspan(8, 327)));  // ref..data
  for (size_t i = 339; i < f.size(); i++) ASSERT_EQ(f[i], 0) << "at " << i;
}

TEST_F(ChunkDiskMapperTest, WrittenChunksReadBackThroughTheFileReader) {
  auto m = OpenOk();
  std::vector<ChunkDiskRef> refs;
  for (uint32_t i = 0; i < 50; i++) {
    refs.push_back(WriteOk(*m, i + 1, i * 100, MakeChunk(20 + i * 7, i),
                           i % 2 ? Encoding::kXor : Encoding::kHistogram));
  }
  ASSERT_TRUE(m->Close().ok());
  const Bytes f = FileBytes(1);
  size_t n = 0;
  const Status s = IterateHeadChunkFile(f, 1, [&](const HeadChunkEntry& e) {
    const auto i = static_cast<uint32_t>(n);
    EXPECT_EQ(e.chunk_ref, refs[n]);
    EXPECT_EQ(e.series_ref, i + 1);
    EXPECT_EQ(e.mint, i * 100);
    EXPECT_EQ(e.maxt, i * 100 + 1000);
    EXPECT_EQ(e.encoding, i % 2 ? 1 : 2);
    EXPECT_EQ(Bytes(e.data.begin(), e.data.end()), MakeChunk(20 + i * 7, i));
    EXPECT_EQ(e.num_samples, i % 120 + 1);
    n++;
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(n, 50u);
}

TEST_F(ChunkDiskMapperTest, BufferIsFlushedWhenTheWorstCaseEntryDoesNotFit) {
  auto m = OpenOk({.write_buffer_size_bytes = kMinBuffer});
  // A 200-byte chunk takes 8+8+8+1+2+200+4 = 231 bytes; the rule reserves 234.
  // Fill the buffer so exactly 231 bytes stay free: the entry would fit, but
  // 2.42 flushes first anyway.
  const size_t first = kMinBuffer - 231 - 32;  // its own entry: len + 32 bytes (3-byte uvarint)
  const ChunkDiskRef a = WriteOk(*m, 1, 0, MakeChunk(first, 1));
  EXPECT_EQ(m->metrics().buffer_flushes_total, 0u);
  EXPECT_EQ(ReadOk(*m, a), MakeChunk(first, 1));  // served from the buffer
  EXPECT_EQ(FileBytes(1)[8], 0) << "nothing written to the file yet";

  const ChunkDiskRef b = WriteOk(*m, 2, 0, MakeChunk(200, 2));
  ASSERT_EQ(sink_.Of(EventType::kHeadChunkFlush).size(), 1u);
  const Event flush = sink_.Of(EventType::kHeadChunkFlush)[0];
  EXPECT_EQ(flush.offset, 8);
  EXPECT_EQ(flush.bytes, static_cast<int64_t>(first + 32));
  EXPECT_EQ(flush.count, 1);
  EXPECT_EQ(ChunkDiskRefOffset(b), 8 + first + 32);
  EXPECT_EQ(ReadOk(*m, a), MakeChunk(first, 1));  // now from the file
  EXPECT_EQ(ReadOk(*m, b), MakeChunk(200, 2));    // still buffered

  ASSERT_TRUE(m->Flush().ok());
  EXPECT_EQ(m->metrics().buffer_flushes_total, 2u);
  EXPECT_EQ(ReadOk(*m, b), MakeChunk(200, 2));
  EXPECT_EQ(GetBE64(&FileBytes(1)[ChunkDiskRefOffset(b)]), 2u);
}

TEST_F(ChunkDiskMapperTest, EntryAsLargeAsTheBufferIsWrittenAtOnce) {
  auto m = OpenOk({.write_buffer_size_bytes = kMinBuffer});
  const ChunkDiskRef small = WriteOk(*m, 1, 0, MakeChunk(100, 1));
  EXPECT_EQ(m->metrics().buffer_flushes_total, 0u);
  // len + 34 >= buffer: no flush beforehand, bufio fills the buffer, writes
  // it, writes the rest straight through, and the entry ends flushed.
  const size_t big = kMinBuffer - 34;
  const ChunkDiskRef r = WriteOk(*m, 2, 0, MakeChunk(big, 2));
  EXPECT_GE(m->metrics().buffer_flushes_total, 2u);
  const Bytes f = FileBytes(1);
  const size_t end = ChunkDiskRefOffset(r) + 8 + 8 + 8 + 1 + 3 + big + 4;
  ASSERT_GE(f.size(), end);
  EXPECT_NE(GetBE32(&f[end - 4]), 0u) << "the CRC is on disk";
  EXPECT_EQ(ReadOk(*m, small), MakeChunk(100, 1));
  EXPECT_EQ(ReadOk(*m, r), MakeChunk(big, 2));
  // Larger than the buffer, from an empty buffer: one direct write.
  const uint64_t before = m->metrics().buffer_flushes_total;
  const ChunkDiskRef huge = WriteOk(*m, 3, 0, MakeChunk(3 * kMinBuffer, 3));
  // The buffer is filled behind the entry's head and written, the rest of
  // the data goes straight through, then the CRC is flushed.
  EXPECT_EQ(m->metrics().buffer_flushes_total, before + 3);
  EXPECT_EQ(ReadOk(*m, huge), MakeChunk(3 * kMinBuffer, 3));
}

TEST_F(ChunkDiskMapperTest, NewFileIsCutWhenTheEntryWouldPassTheMaxSize) {
  auto m = OpenOk({.max_file_size_bytes = 1000});
  // 300-byte chunks: 331-byte entries. 8 + 331 + 331 = 670; a third would
  // end at 1001 > 1000.
  std::vector<ChunkDiskRef> refs;
  for (uint32_t i = 0; i < 7; i++) refs.push_back(WriteOk(*m, i + 1, i, MakeChunk(300, i)));
  const std::vector<ChunkDiskRef> want = {
      MakeChunkDiskRef(1, 8), MakeChunkDiskRef(1, 339), MakeChunkDiskRef(2, 8),
      MakeChunkDiskRef(2, 339), MakeChunkDiskRef(3, 8), MakeChunkDiskRef(3, 339),
      MakeChunkDiskRef(4, 8)};
  EXPECT_EQ(refs, want);
  EXPECT_EQ(m->Files(), (std::vector<uint32_t>{1, 2, 3, 4}));
  // Each finished file was flushed and fsynced before the next was created.
  EXPECT_EQ(sink_.Of(EventType::kHeadChunkFsync).size(), 3u);
  EXPECT_EQ(sink_.Of(EventType::kHeadChunkFileCreated).size(), 4u);
  EXPECT_EQ(FileBytes(1).size(), 131072u);  // not truncated to its data
  EXPECT_EQ(GetBE64(&FileBytes(2)[339]), 4u);
  for (uint32_t i = 0; i < 7; i++) EXPECT_EQ(ReadOk(*m, refs[i]), MakeChunk(300, i));
}

TEST_F(ChunkDiskMapperTest, ChunkEndingExactlyAtTheMaxSizeStaysInTheFile) {
  auto m = OpenOk({.max_file_size_bytes = 1000});
  WriteOk(*m, 1, 0, MakeChunk(300, 1));                  // 8..339
  const ChunkDiskRef r = WriteOk(*m, 2, 0, MakeChunk(630, 2));  // 661 bytes: ends at 1000
  EXPECT_EQ(r, MakeChunkDiskRef(1, 339));
  EXPECT_EQ(WriteOk(*m, 3, 0, MakeChunk(2, 3)), MakeChunkDiskRef(2, 8));
  // A chunk bigger than a whole file gets a file of its own.
  EXPECT_EQ(WriteOk(*m, 4, 0, MakeChunk(5000, 4)), MakeChunkDiskRef(3, 8));
  EXPECT_EQ(WriteOk(*m, 5, 0, MakeChunk(2, 5)), MakeChunkDiskRef(4, 8));
}

TEST_F(ChunkDiskMapperTest, FileCreationFollowsPrometheusSteps) {
  auto m = OpenOk();
  WriteOk(*m, 1, 0, MakeChunk(10, 1));
  auto list = fs_.List(Dir());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u) << "no .tmp file left behind";
  EXPECT_EQ((*list)[0].name, "000001");
  const auto created = sink_.Of(EventType::kHeadChunkFileCreated);
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].count, 1);
  const auto written = sink_.Of(EventType::kHeadChunkWritten);
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].ref, MakeChunkDiskRef(1, 8));
  EXPECT_EQ(written[0].bytes, 8 + 8 + 8 + 1 + 1 + 10 + 4);
  EXPECT_EQ(written[0].mint, 0);
  EXPECT_EQ(written[0].maxt, 1000);
  EXPECT_EQ(written[0].count, 1);
  EXPECT_EQ(m->metrics().files_created_total, 1u);
  EXPECT_EQ(m->metrics().chunks_written_total, 1u);
}

TEST_F(ChunkDiskMapperTest, FirstWriteAfterRestartStartsANewFile) {
  auto m = OpenOk();
  const ChunkDiskRef a = WriteOk(*m, 1, 0, MakeChunk(50, 1));
  ASSERT_TRUE(m->Close().ok());
  EXPECT_EQ(sink_.Of(EventType::kHeadChunkFsync).size(), 1u);

  m = OpenOk();
  EXPECT_EQ(m->Files(), std::vector<uint32_t>{1});
  const auto all = IterateOk(*m);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].chunk_ref, a);
  EXPECT_EQ(all[0].series_ref, 1u);
  EXPECT_EQ(all[0].num_samples, 2);
  EXPECT_EQ(all[0].encoding, 1);
  EXPECT_EQ(ReadOk(*m, a), MakeChunk(50, 1));
  EXPECT_EQ(WriteOk(*m, 2, 0, MakeChunk(50, 2)), MakeChunkDiskRef(2, 8));
  EXPECT_EQ(m->Files(), (std::vector<uint32_t>{1, 2}));
}

TEST_F(ChunkDiskMapperTest, KilledProcessLosesOnlyTheBuffer) {
  auto m = OpenOk({.max_file_size_bytes = 400});
  const ChunkDiskRef a = WriteOk(*m, 1, 0, MakeChunk(300, 1));
  const ChunkDiskRef b = WriteOk(*m, 2, 0, MakeChunk(300, 2));  // cuts: file 1 is finished
  m.reset();  // no Close: the buffer holding b is lost

  m = OpenOk({.max_file_size_bytes = 400});
  const auto all = IterateOk(*m);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].chunk_ref, a);
  EXPECT_EQ(m->Files(), (std::vector<uint32_t>{1, 2}));  // 2 is a header and zeros
  Bytes out;
  EXPECT_EQ(m->ReadChunk(b, &out).code(), StatusCode::kCorruption);
}

TEST_F(ChunkDiskMapperTest, TruncateDeletesOlderFilesButNeverTheOpenOne) {
  auto m = OpenOk({.max_file_size_bytes = 400});
  for (uint32_t i = 0; i < 3; i++) WriteOk(*m, i + 1, i, MakeChunk(300, i));  // files 1..3
  ASSERT_EQ(m->Files(), (std::vector<uint32_t>{1, 2, 3}));
  ASSERT_TRUE(m->Truncate(2).ok());
  EXPECT_EQ(m->Files(), (std::vector<uint32_t>{2, 3}));
  EXPECT_FALSE(Exists(fs_, FilePath(1)));
  ASSERT_TRUE(m->Truncate(UINT32_MAX).ok());
  EXPECT_EQ(m->Files(), std::vector<uint32_t>{3}) << "stops at the open file";
  const auto deleted = sink_.Of(EventType::kHeadChunkFileDeleted);
  ASSERT_EQ(deleted.size(), 2u);
  EXPECT_EQ(deleted[0].count, 1);
  EXPECT_EQ(deleted[1].count, 2);
  // File 3 holds a chunk, so the next one goes to a new file even though it
  // would fit.
  EXPECT_EQ(WriteOk(*m, 9, 0, MakeChunk(2, 9)), MakeChunkDiskRef(4, 8));
  EXPECT_EQ(WriteOk(*m, 9, 0, MakeChunk(2, 9)), MakeChunkDiskRef(4, 40));
  ASSERT_TRUE(m->Truncate(4).ok());
  EXPECT_EQ(m->Files(), (std::vector<uint32_t>{4}));
  EXPECT_EQ(WriteOk(*m, 9, 0, MakeChunk(2, 9)), MakeChunkDiskRef(5, 8));
  Bytes out;
  EXPECT_EQ(m->ReadChunk(MakeChunkDiskRef(1, 8), &out).code(), StatusCode::kNotFound);
  EXPECT_EQ(m->metrics().files_deleted_total, 3u);
}

// 2.42 compares against the file open for writing, and after a restart there
// is none until the first write: Truncate deletes even the last file.
TEST_F(ChunkDiskMapperTest, TruncateAfterRestartCanDeleteEveryFile) {
  MakeFiles(3, {});
  auto m = OpenOk();
  ASSERT_EQ(m->Files(), (std::vector<uint32_t>{1, 2, 3}));
  ASSERT_TRUE(m->Truncate(UINT32_MAX).ok());
  EXPECT_TRUE(m->Files().empty());
  auto list = fs_.List(Dir());
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  // Numbering starts over.
  EXPECT_EQ(WriteOk(*m, 1, 0, MakeChunk(2, 1)), MakeChunkDiskRef(1, 8));
}

TEST_F(ChunkDiskMapperTest, TruncateAfterRestartKeepsNumbering) {
  MakeFiles(3, {});
  auto m = OpenOk();
  ASSERT_TRUE(m->Truncate(3).ok());
  EXPECT_EQ(m->Files(), std::vector<uint32_t>{3});
  EXPECT_EQ(WriteOk(*m, 1, 0, MakeChunk(2, 1)), MakeChunkDiskRef(4, 8));
}

TEST_F(ChunkDiskMapperTest, DeleteFilesFromRemovesTheCorruptFileAndLaterOnes) {
  MakeFiles(4, {});
  auto m = OpenOk();
  ASSERT_TRUE(m->DeleteFilesFrom(2).ok());
  EXPECT_EQ(m->Files(), std::vector<uint32_t>{1});
  EXPECT_FALSE(Exists(fs_, FilePath(2)));
  EXPECT_FALSE(Exists(fs_, FilePath(4)));
  EXPECT_EQ(IterateOk(*m).size(), 1u);
  EXPECT_EQ(WriteOk(*m, 1, 0, MakeChunk(2, 1)), MakeChunkDiskRef(2, 8));
  ASSERT_TRUE(m->DeleteFilesFrom(1).ok());
  EXPECT_TRUE(m->Files().empty());
  EXPECT_EQ(WriteOk(*m, 1, 0, MakeChunk(2, 1)), MakeChunkDiskRef(1, 8));
}

TEST_F(ChunkDiskMapperTest, TornLastFileIsDeletedAtStartup) {
  MakeFiles(2, {});
  ASSERT_TRUE(WriteWholeFile(fs_, FilePath(3), AsBytes("abc"), false).ok());  // < 4 bytes
  auto m = OpenOk();
  EXPECT_EQ(m->Files(), (std::vector<uint32_t>{1, 2}));
  EXPECT_FALSE(Exists(fs_, FilePath(3)));
  EXPECT_EQ(sink_.Of(EventType::kHeadChunkFileDeleted).size(), 1u);
  m.reset();

  // Preallocated but the header never made it: zero magic.
  ASSERT_TRUE(WriteWholeFile(fs_, FilePath(3), Bytes(131072, 0), false).ok());
  m = OpenOk();
  EXPECT_EQ(m->Files(), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(IterateOk(*m).size(), 2u);
  m.reset();

  // Only the last file gets this treatment; a zeroed earlier file fails.
  ASSERT_TRUE(WriteWholeFile(fs_, FilePath(1), Bytes(16, 0), false).ok());
  auto bad = ChunkDiskMapper::Open(&fs_, Dir(), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_NE(bad.status().message().find("invalid magic number 0"), std::string::npos)
      << bad.status().message();
}

TEST_F(ChunkDiskMapperTest, WrongMagicInLastFileFailsTheOpen) {
  MakeFiles(1, {});
  Bytes f = FileBytes(1);
  f[0] = 0x02;
  ASSERT_TRUE(WriteWholeFile(fs_, FilePath(1), f, false).ok());
  auto m = ChunkDiskMapper::Open(&fs_, Dir(), {});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("invalid magic number 230bc91"), std::string::npos)
      << m.status().message();
  f[0] = 0x01;
  f[4] = 2;
  ASSERT_TRUE(WriteWholeFile(fs_, FilePath(1), f, false).ok());
  m = ChunkDiskMapper::Open(&fs_, Dir(), {});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("invalid chunk format version 2"), std::string::npos);
}

TEST_F(ChunkDiskMapperTest, GapInFileNumbersFailsTheOpen) {
  MakeFiles(3, {});
  ASSERT_TRUE(fs_.Remove(FilePath(2)).ok());
  ASSERT_TRUE(WriteWholeFile(fs_, JoinPath(Dir(), "not-a-chunk-file"), AsBytes("x"), false).ok());
  auto m = ChunkDiskMapper::Open(&fs_, Dir(), {});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(m.status().message(), "found unsequential head chunk files " + FilePath(1) +
                                      " (index: 1) and " + FilePath(3) + " (index: 3)");
}

TEST_F(ChunkDiskMapperTest, CorruptMiddleFileIsNamedByIterateAllChunks) {
  MakeFiles(3, {});
  Bytes f = FileBytes(2);
  f[40] ^= 0x10;  // inside the data of file 2's only entry
  ASSERT_TRUE(WriteWholeFile(fs_, FilePath(2), f, false).ok());

  auto m = OpenOk();
  std::vector<uint64_t> seen;
  const Status s = m->IterateAllChunks([&](const MappedChunkInfo& i) {
    seen.push_back(i.series_ref);
    return Status::Ok();
  });
  ASSERT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("corruption in head chunk file 000002"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("checksum mismatch"), std::string::npos);
  EXPECT_NE(s.message().find("offset 8"), std::string::npos);
  EXPECT_EQ(seen, std::vector<uint64_t>{1});
  EXPECT_EQ(m->LastCorruptFile(), std::optional<uint32_t>(2));

  Bytes out;
  const Status r = m->ReadChunk(MakeChunkDiskRef(2, 8), &out);
  EXPECT_EQ(r.code(), StatusCode::kCorruption);
  EXPECT_NE(r.message().find("000002"), std::string::npos);

  // 2.42's recovery: delete from the corrupt file on and walk again.
  ASSERT_TRUE(m->DeleteFilesFrom(*m->LastCorruptFile()).ok());
  EXPECT_EQ(IterateOk(*m).size(), 1u);
  EXPECT_EQ(m->LastCorruptFile(), std::nullopt);
}

TEST_F(ChunkDiskMapperTest, ErrorFromTheCallbackIsNotAFileCorruption) {
  MakeFiles(2, {});
  auto m = OpenOk();
  const Status s = m->IterateAllChunks(
      [](const MappedChunkInfo&) { return Status::Corruption("out of sequence m-mapped chunk"); });
  EXPECT_EQ(s.message(), "out of sequence m-mapped chunk");
  EXPECT_EQ(m->LastCorruptFile(), std::nullopt);
}

// Only a zero ref, mint and maxt together end a file's data.
TEST_F(ChunkDiskMapperTest, NonZeroBytesAfterTheDataAreCorruption) {
  MakeFiles(1, {});
  Bytes f = FileBytes(1);
  f[8 + 130 + 12] = 7;  // the "mint" after the only entry (130 bytes)
  ASSERT_TRUE(WriteWholeFile(fs_, FilePath(1), f, false).ok());
  auto m = OpenOk();
  const Status s = m->IterateAllChunks([](const MappedChunkInfo&) { return Status::Ok(); });
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(m->LastCorruptFile(), std::optional<uint32_t>(1));
}

TEST_F(ChunkDiskMapperTest, BadRefsGiveStatusesNotCrashes) {
  auto m = OpenOk();
  const ChunkDiskRef a = WriteOk(*m, 1, 0, MakeChunk(100, 1));
  Bytes out;
  // Inside the buffer but not an entry start.
  EXPECT_EQ(m->ReadChunk(a + 3, &out).code(), StatusCode::kCorruption);
  // Past everything buffered.
  EXPECT_EQ(m->ReadChunk(a + 5000, &out).code(), StatusCode::kCorruption);
  ASSERT_TRUE(m->Flush().ok());
  EXPECT_EQ(m->ReadChunk(a + 3, &out).code(), StatusCode::kCorruption);
  EXPECT_EQ(m->ReadChunk(MakeChunkDiskRef(1, 0xFFFFFF00), &out).code(), StatusCode::kCorruption);
  const Status s = m->ReadChunk(MakeChunkDiskRef(7, 8), &out);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("head chunk file index 7 more than current open file"),
            std::string::npos);
  EXPECT_EQ(ReadOk(*m, a), MakeChunk(100, 1));
}

TEST_F(ChunkDiskMapperTest, ClosedMapperRefusesWork) {
  auto m = OpenOk();
  const ChunkDiskRef a = WriteOk(*m, 1, 0, MakeChunk(100, 1));
  ASSERT_TRUE(m->Close().ok());
  ASSERT_TRUE(m->Close().ok());
  Bytes out;
  EXPECT_EQ(m->ReadChunk(a, &out).code(), StatusCode::kClosed);
  EXPECT_EQ(m->WriteChunk(1, 0, 1, Encoding::kXor, MakeChunk(10, 1)).status().code(),
            StatusCode::kClosed);
  EXPECT_EQ(m->Flush().code(), StatusCode::kClosed);
}

TEST_F(ChunkDiskMapperTest, BufferSizeIsValidatedLikePrometheus) {
  auto m = ChunkDiskMapper::Open(&fs_, Dir(), {.write_buffer_size_bytes = 1024});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(),
            "ChunkDiskMapper write buffer size should be between 65536 and 8388608 (actual: 1024)");
  m = ChunkDiskMapper::Open(&fs_, Dir(), {.write_buffer_size_bytes = 65537});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(),
            "ChunkDiskMapper write buffer size should be a multiple of 1024 (actual: 65537)");
  EXPECT_TRUE(ChunkDiskMapper::Open(&fs_, Dir(), {.write_buffer_size_bytes = 8 << 20}).ok());
}

}  // namespace
}  // namespace tsdb::chunks
