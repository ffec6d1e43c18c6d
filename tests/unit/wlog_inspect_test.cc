// InspectWal on the WALs a real Prometheus 2.42 wrote: no corruption, and
// sample counts that agree with promtool's dump of the same directory.
#include <gtest/gtest.h>

#include "engine/base/posix_filesystem.h"
#include "engine/wlog/wal_stats.h"
#include "support/fixtures.h"

namespace tsdb::wlog {
namespace {

using tsdb::testing::FixturePath;

// Samples in a promtool dump at or after min_time_ms.
int64_t DumpSamplesSince(const std::string& dump, int64_t min_time_ms) {
  int64_t n = 0;
  const bool ok = tsdb::testing::ForEachGzipLine(dump, [&](const std::string& line) {
    if (tsdb::testing::DumpLineTimestamp(line) >= min_time_ms) n++;
  });
  EXPECT_TRUE(ok) << "cannot read " << dump;
  return n;
}

TEST(WalInspectFixture, KilledDatadirReadsWithoutCorruption) {
  PosixFilesystem fs;
  auto st = InspectWal(fs, FixturePath("prometheus-2.42/killed-datadir/wal"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  std::vector<std::string> names;
  for (const auto& f : st->files) {
    names.push_back(f.name);
    EXPECT_FALSE(f.corruption.has_value()) << f.name << ": " << f.corruption->ToString();
    EXPECT_TRUE(f.replayed);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"checkpoint.00000001", "00000002", "00000003",
                                             "00000004", "00000005"}));
  // The checkpoint kept the series of all 512 live series and no samples
  // (they were older than the block it was cut for).
  EXPECT_EQ(st->files[0].series, 512);
  EXPECT_EQ(st->files[0].samples, 0);
  // The last segment was being written at SIGKILL: not page aligned.
  EXPECT_NE(st->files.back().size_bytes % 32768, 0);

  // Every sample in the WAL is one sample of the dump, and the dump has no
  // other sample from the WAL's first timestamp on: the counts must agree.
  const int64_t dump = DumpSamplesSince(
      FixturePath("prometheus-2.42/killed-datadir.promtool-dump.txt.gz"), st->total.min_time_ms);
  EXPECT_EQ(st->total.samples, dump);
  EXPECT_EQ(st->total.samples, 192000);
  EXPECT_EQ(st->total.records_by_type[RecordTypeSlot(record::Type::kSamples)], 375);
}

TEST(WalInspectFixture, MmappedDatadirWalHoldsEverySample) {
  PosixFilesystem fs;
  auto st = InspectWal(fs, FixturePath("prometheus-2.42/mmapped-datadir/wal"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  ASSERT_EQ(st->files.size(), 1u);
  EXPECT_FALSE(st->files[0].corruption.has_value());
  EXPECT_EQ(st->total.series, 512);
  // No block yet: the dump is exactly the WAL's samples.
  EXPECT_EQ(st->total.samples,
            DumpSamplesSince(FixturePath("prometheus-2.42/mmapped-datadir.promtool-dump.txt.gz"),
                             INT64_MIN));
}

TEST(WalInspectFixture, CorruptCopyIsReportedWithSegmentAndOffset) {
  PosixFilesystem fs;
  auto src = ReadWholeFile(fs, FixturePath("prometheus-2.42/killed-datadir/wal/00000003"));
  ASSERT_TRUE(src.ok());
  char tmpl[] = "/tmp/tsdbsim-inspect-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  Bytes damaged = *src;
  damaged[100000] ^= 0x01;
  ASSERT_TRUE(WriteWholeFile(fs, JoinPath(dir, "00000003"), damaged, false).ok());
  auto st = InspectWal(fs, dir);
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(st->files[0].corruption.has_value());
  EXPECT_EQ(st->files[0].corruption->segment, 3);
  EXPECT_GT(st->files[0].corruption->offset, 100000);
  EXPECT_NE(st->files[0].corruption->reason.find("unexpected checksum"), std::string::npos);
  EXPECT_LT(st->files[0].samples, 61440);  // what came before the damage still counts
  EXPECT_GT(st->files[0].samples, 0);
  ASSERT_TRUE(fs.RemoveAll(dir).ok());
}

}  // namespace
}  // namespace tsdb::wlog
