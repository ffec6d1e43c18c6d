// Reading real Prometheus 2.42 data directories read-only: every sample of
// `promtool tsdb dump` (blocks, chunks_head/ and the WAL) comes back with the
// same label set, timestamp and value bits, our dump text equals promtool's
// byte for byte, and the fixture directory is not touched.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <tuple>

#include "engine/base/crc32c.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/realtime_clock.h"
#include "engine/db/go_format.h"
#include "engine/db/promtool_format.h"
#include "engine/db/read_only_db.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdb::db {
namespace {

using tsdb::testing::FixturePath;

// Every file and directory under root: relative path -> size and CRC of
// the contents (0 for directories).
using Snapshot = std::map<std::string, std::pair<uint64_t, uint32_t>>;

void SnapshotDir(Filesystem& fs, const std::string& root, const std::string& rel, Snapshot* out) {
  auto entries = fs.List(rel.empty() ? root : JoinPath(root, rel));
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  for (const DirEntry& e : *entries) {
    const std::string r = rel.empty() ? e.name : JoinPath(rel, e.name);
    if (e.is_dir) {
      (*out)[r + "/"] = {0, 0};
      SnapshotDir(fs, root, r, out);
      continue;
    }
    auto bytes = ReadWholeFile(fs, JoinPath(root, r));
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    (*out)[r] = {bytes->size(), Crc32c(*bytes)};
  }
}

Snapshot TakeSnapshot(const std::string& dir) {
  PosixFilesystem fs;
  Snapshot s;
  SnapshotDir(fs, dir, "", &s);
  return s;
}

// A dump line split into its three fields.
struct DumpLine {
  std::string labels;
  std::string value;
  int64_t t = 0;
};

DumpLine SplitLine(const std::string& line) {
  const size_t ts = line.rfind(' ');
  const size_t v = line.rfind(' ', ts - 1);
  return {line.substr(0, v), line.substr(v + 1, ts - v - 1), std::stoll(line.substr(ts + 1))};
}

// One sample as a comparable key: series (interned), time, value bits with
// every NaN the same (NaNs compare by being NaN).
using Key = std::tuple<int, int64_t, uint64_t>;

class Interner {
 public:
  int Id(const std::string& s) { return ids_.emplace(s, static_cast<int>(ids_.size())).first->second; }
  size_t size() const { return ids_.size(); }

 private:
  std::map<std::string, int> ids_;
};

uint64_t ValueKey(double v) { return std::isnan(v) ? 0x7ff8000000000001u : std::bit_cast<uint64_t>(v); }

struct FixtureCase {
  const char* dir;
  const char* dump;
  size_t samples;
};

class DumpFixtureTest : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(DumpFixtureTest, SameSamplesAndTextAsPromtoolAndDirectoryUntouched) {
  const FixtureCase& fc = GetParam();
  const std::string dir = FixturePath(fc.dir);
  const Snapshot before = TakeSnapshot(dir);
  ASSERT_FALSE(before.empty());

  PosixFilesystem fs;
  RealtimeClock clock;
  ReadOnlyOpenReport report;
  auto db = ReadOnlyDB::Open(fs, dir, &clock, &report);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_FALSE(report.corruption.has_value());

  // Ours: the keys and the text promtool would print (its series order).
  Interner series;
  std::vector<Key> ours;
  std::string text;
  const Status s = (*db)->NewQuerier(INT64_MIN, INT64_MAX)
                       .Select(*ParseMatchers("{__name__=~'(?s:.*)'}"),
                               [&](const Labels& l, std::span<const Sample> samples) {
                                 const std::string lt = l.ToString();
                                 const int id = series.Id(lt);
                                 for (const Sample& x : samples) {
                                   ours.emplace_back(id, x.t, ValueKey(x.v));
                                   AppendDumpLine(lt, x.t, x.v, &text);
                                 }
                                 return Status();
                               },
                               SeriesOrder::kAsStored);
  ASSERT_TRUE(s.ok()) << s.ToString();

  // Promtool's: parsed back from its text; our formatting of each parsed
  // value must give the same text.
  std::vector<Key> theirs;
  std::string their_text;
  size_t format_mismatches = 0;
  ASSERT_TRUE(tsdb::testing::ForEachGzipLine(FixturePath(fc.dump), [&](const std::string& line) {
    const DumpLine d = SplitLine(line);
    const double v = std::strtod(d.value.c_str(), nullptr);
    if (FormatGoFloat(v) != d.value && format_mismatches++ < 5) {
      ADD_FAILURE() << "value " << d.value << " formats as " << FormatGoFloat(v);
    }
    theirs.emplace_back(series.Id(d.labels), d.t, ValueKey(v));
    their_text += line;
    their_text += '\n';
  }));
  EXPECT_EQ(format_mismatches, 0u);
  EXPECT_EQ(theirs.size(), fc.samples);
  EXPECT_EQ(ours.size(), fc.samples);
  EXPECT_EQ(series.size(), 512u);  // no series of ours that promtool lacks

  std::sort(ours.begin(), ours.end());
  std::sort(theirs.begin(), theirs.end());
  EXPECT_TRUE(std::adjacent_find(theirs.begin(), theirs.end()) == theirs.end());
  EXPECT_TRUE(ours == theirs) << "sample sets differ";
  EXPECT_TRUE(text == their_text) << "dump text differs from promtool's";

  db->reset();
  EXPECT_EQ(TakeSnapshot(dir), before) << "the fixture directory changed";
}

INSTANTIATE_TEST_SUITE_P(
    Prometheus242, DumpFixtureTest,
    ::testing::Values(FixtureCase{"prometheus-2.42/killed-datadir",
                                  "prometheus-2.42/killed-datadir.promtool-dump.txt.gz", 288'256},
                      FixtureCase{"prometheus-2.42/mmapped-datadir",
                                  "prometheus-2.42/mmapped-datadir.promtool-dump.txt.gz", 210'944}),
    [](const auto& param_info) { return std::string(param_info.index == 0 ? "Killed" : "Mmapped"); });

TEST(ReadOnlyDBFixtureTest, MmappedDatadirReadsChunksHeadThenTheWal) {
  PosixFilesystem fs;
  ReadOnlyOpenReport report;
  auto db = ReadOnlyDB::Open(fs, FixturePath("prometheus-2.42/mmapped-datadir"), nullptr, &report);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(report.replay.mmapped_chunks_loaded, 1536);
  EXPECT_GT(report.replay.samples_skipped_mmapped, 0);  // the WAL repeats what chunks_head holds
  EXPECT_TRUE((*db)->blocks().empty());
  EXPECT_EQ((*db)->head().NumSeries(), 512u);
}

TEST(ReadOnlyDBFixtureTest, KilledDatadirHeadStartsAtTheNewestBlock) {
  PosixFilesystem fs;
  ReadOnlyOpenReport report;
  auto db = ReadOnlyDB::Open(fs, FixturePath("prometheus-2.42/killed-datadir"), nullptr, &report);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_EQ((*db)->blocks().size(), 5u);
  EXPECT_EQ(report.min_valid_time, 1795235040000);
  EXPECT_GE((*db)->head().MinTime(), 1795235040000);
  EXPECT_EQ(report.replay.checkpoint_index, 1);
  EXPECT_EQ(report.replay.last_segment, 5);
}

// A copy of killed-datadir to damage.
class DamagedCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cmd = "cp -r '" + FixturePath("prometheus-2.42/killed-datadir") + "' '" +
                            tmp_.Join("d") + "' && chmod -R u+w '" + tmp_.Join("d") + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    dir_ = tmp_.Join("d");
  }
  // Overwrites bytes in place (an O_APPEND file would append them instead).
  void Overwrite(const std::string& rel, long offset, const std::string& bytes) {
    FILE* f = std::fopen(JoinPath(dir_, rel).c_str(), "r+b");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fseek(f, offset, SEEK_SET), 0);
    ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
    ASSERT_EQ(std::fclose(f), 0);
  }
  size_t CountSamples(ReadOnlyDB& db) {
    size_t n = 0;
    const Status s = db.NewQuerier(INT64_MIN, INT64_MAX)
                         .Select(*ParseMatchers("{__name__=~\".+\"}"), [&](const Labels&, auto samples) {
                           n += samples.size();
                           return Status();
                         });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return n;
  }

  tsdb::testing::TempDir tmp_;
  PosixFilesystem fs_;
  std::string dir_;
};

TEST_F(DamagedCopyTest, WalCorruptionFailsNamingSegmentAndOffsetUnlessAskedToContinue) {
  Overwrite("wal/00000003", 70000, std::string(4, '\0'));
  const Snapshot before = TakeSnapshot(dir_);
  ReadOnlyOpenReport report;
  auto db = ReadOnlyDB::Open(fs_, dir_, nullptr, &report);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kCorruption);
  // promtool 2.42 says: read WAL: read records: corruption in segment .../wal/00000003 at 72585: ...
  EXPECT_EQ(db.status().message().rfind("read WAL: corruption in segment " + dir_ + "/wal/00000003 at 72585: ", 0),
            0u)
      << db.status().message();

  auto cont = ReadOnlyDB::Open(fs_, dir_, nullptr, &report, {.continue_on_wal_corruption = true});
  ASSERT_TRUE(cont.ok()) << cont.status().ToString();
  ASSERT_TRUE(report.corruption.has_value());
  EXPECT_EQ(report.corruption->segment, 3);
  EXPECT_EQ(report.corruption->offset, 72585);
  const size_t n = CountSamples(**cont);
  EXPECT_GE(n, 248'832u);  // the blocks
  EXPECT_LT(n, 288'256u);  // less than everything
  EXPECT_EQ(TakeSnapshot(dir_), before);
}

TEST_F(DamagedCopyTest, UnreadableOrCorruptBlocksAreNamed) {
  ASSERT_TRUE(fs_.Remove(JoinPath(dir_, "01M7Y5C42K6J9VZJNF5EYN20B5/meta.json")).ok());
  ReadOnlyOpenReport report;
  auto db = ReadOnlyDB::Open(fs_, dir_, nullptr, &report);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("01M7Y5C42K6J9VZJNF5EYN20B5"), std::string::npos)
      << db.status().message();
}

TEST_F(DamagedCopyTest, CorruptIndexIsACorruptedBlock) {
  Overwrite("01M7Y5FS8GFZ377DEAMFNVZE12/index", 100, "\xff\xff");
  auto blocks = OpenBlocksReadOnly(fs_, dir_);
  ASSERT_FALSE(blocks.ok());
  EXPECT_EQ(blocks.status().message().rfind("corrupted block 01M7Y5FS8GFZ377DEAMFNVZE12: ", 0), 0u)
      << blocks.status().message();
}

TEST_F(DamagedCopyTest, CorruptChunkFailsTheQueryNamingTheFile) {
  Overwrite("01M7Y5C42K6J9VZJNF5EYN20B5/chunks/000001", 5000, "\xff\xff");
  ReadOnlyOpenReport report;
  auto db = ReadOnlyDB::Open(fs_, dir_, nullptr, &report);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  const Status s = (*db)->NewQuerier(INT64_MIN, INT64_MAX)
                       .Select(*ParseMatchers("{__name__=~\".+\"}"),
                               [](const Labels&, auto) { return Status(); });
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("01M7Y5C42K6J9VZJNF5EYN20B5/chunks/000001"), std::string::npos) << s.message();
}

TEST(ReadOnlyDBTest, MissingDirectory) {
  PosixFilesystem fs;
  ReadOnlyOpenReport report;
  auto db = ReadOnlyDB::Open(fs, "/nonexistent/tsdbsim-dir", nullptr, &report);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(db.status().message().rfind("opening the db dir: ", 0), 0u);
}

}  // namespace
}  // namespace tsdb::db
