// Inputs the fuzzers (tests/fuzz/) turned up, fed to the reader that got
// them wrong. Each input is also a seed in tests/fuzz/corpus/<target>/,
// stored with the fuzzer's mode byte first; the tests read those files.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/base/coding.h"
#include "engine/block/tombstones_file.h"

namespace tsdb {
namespace {

// A corpus file as the fuzzer stores it; `mode_byte` drops its first byte.
std::string CorpusFile(const std::string& target, const std::string& name, bool mode_byte) {
  const auto path =
      std::filesystem::path(__FILE__).parent_path() / ".." / "fuzz" / "corpus" / target / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return mode_byte && !s.empty() ? s.substr(1) : s;
}

// Found by the tombstones fuzzer's merge check: an interval starting at
// INT64_MIN or ending at INT64_MAX wrapped around in the "one step before /
// after" arithmetic, so it was appended out of order or inserted without
// merging. 2.42 skips the search at those bounds instead.
TEST(FuzzRegressionTest, TombstoneIntervalsAtTheInt64BoundsMergeAsIn242) {
  const std::string file = CorpusFile("tombstones", "int64_min_max", true);
  auto t = tombstones::DecodeTombstonesFile(AsBytes(file), "tombstones");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  // [10,20] then [MIN,5] then [30,MAX]: sorted, nothing merged.
  const tombstones::Intervals one = {{INT64_MIN, 5}, {10, 20}, {30, INT64_MAX}};
  EXPECT_EQ(t->Get(1), one);
  // [10,20] then [MIN,MAX]: everything merges into one.
  const tombstones::Intervals two = {{INT64_MIN, INT64_MAX}};
  EXPECT_EQ(t->Get(2), two);

  tombstones::Intervals in = {{10, 20}};
  tombstones::AddInterval(&in, {INT64_MIN, 9});  // touches [10,20]
  const tombstones::Intervals merged = {{INT64_MIN, 20}};
  EXPECT_EQ(in, merged);
  tombstones::AddInterval(&in, {22, INT64_MAX});
  tombstones::AddInterval(&in, {21, 21});  // fills the gap
  const tombstones::Intervals all = {{INT64_MIN, INT64_MAX}};
  EXPECT_EQ(in, all);
}

}  // namespace
}  // namespace tsdb
