// `tsdbsim list` prints exactly what `promtool tsdb list` 2.42 printed for
// the killed-datadir fixture, plain and with -r (the -r table was printed
// by promtool 2.42.0 on a copy of the fixture).
#include <gtest/gtest.h>

#include "engine/base/posix_filesystem.h"
#include "engine/db/promtool_format.h"
#include "engine/db/read_only_db.h"
#include "support/fixtures.h"

namespace tsdb::db {
namespace {

using tsdb::testing::FixturePath;

std::vector<BlockListRow> Rows(const std::string& dir) {
  PosixFilesystem fs;
  auto blocks = OpenBlocksReadOnly(fs, dir);
  EXPECT_TRUE(blocks.ok()) << blocks.status().ToString();
  std::vector<BlockListRow> rows;
  if (blocks.ok()) {
    for (const auto& b : *blocks) rows.push_back({b->meta(), b->size_bytes()});
  }
  return rows;
}

TEST(ListFixtureTest, KilledDatadirEqualsPromtoolList) {
  PosixFilesystem fs;
  auto want = ReadWholeFile(fs, FixturePath("prometheus-2.42/killed-datadir.promtool-list.txt"));
  ASSERT_TRUE(want.ok());
  const std::string got = FormatBlockList(Rows(FixturePath("prometheus-2.42/killed-datadir")), false);
  EXPECT_EQ(got, std::string(want->begin(), want->end()));
}

TEST(ListFixtureTest, KilledDatadirHumanReadableEqualsPromtool) {
  const std::string want =
      "BLOCK ULID                  MIN TIME                       MAX TIME                       "
      "DURATION     NUM SAMPLES  NUM CHUNKS   NUM SERIES   SIZE\n"
      "01M7Y58916E608TSR6NPPZ45WP  2026-11-21 04:15:54 +0000 UTC  2026-11-21 04:16:00 +0000 UTC  "
      "5.878s       3072         512          512          71KiB1019B\n"
      "01M7Y58EWEJYYZBZK0JE965GV5  2026-11-21 04:16:00 +0000 UTC  2026-11-21 04:18:00 +0000 UTC  "
      "1m59.878s    61440        512          512          162KiB420B\n"
      "01M7Y5C42K6J9VZJNF5EYN20B5  2026-11-21 04:18:00 +0000 UTC  2026-11-21 04:20:00 +0000 UTC  "
      "1m59.878s    61440        512          512          143KiB885B\n"
      "01M7Y5FS8GFZ377DEAMFNVZE12  2026-11-21 04:20:00 +0000 UTC  2026-11-21 04:22:00 +0000 UTC  "
      "1m59.878s    61440        512          512          152KiB40B\n"
      "01M7Y5KEEJWT01A135TX918KJ9  2026-11-21 04:22:00 +0000 UTC  2026-11-21 04:24:00 +0000 UTC  "
      "1m59.878s    61440        512          512          145KiB465B\n";
  EXPECT_EQ(FormatBlockList(Rows(FixturePath("prometheus-2.42/killed-datadir")), true), want);
}

TEST(ListFixtureTest, NoBlocksPrintsTheHeaderAlone) {
  EXPECT_EQ(FormatBlockList(Rows(FixturePath("prometheus-2.42/mmapped-datadir")), false),
            "BLOCK ULID   MIN TIME     MAX TIME     DURATION     NUM SAMPLES  NUM CHUNKS   NUM SERIES   "
            "SIZE\n");
}

}  // namespace
}  // namespace tsdb::db
