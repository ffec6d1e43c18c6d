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
#include "engine/block/meta.h"
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

// Found by the meta fuzzer's round trip: bytes that are not UTF-8 inside a
// string were kept as they were, so the meta written back (where they
// become \ufffd) read differently. encoding/json turns each such byte into
// U+FFFD when it decodes.
TEST(FuzzRegressionTest, MetaStringsWithInvalidUtf8DecodeAsGoDoes) {
  const std::string text = CorpusFile("meta", "invalid_utf8_hint.json", false);
  auto meta = block::ParseMeta(text, "meta.json");
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  ASSERT_EQ(meta->compaction.hints.size(), 2u);
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(meta->compaction.hints[0], "from-out-of-o" + fffd + fffd + fffd + fffd);
  EXPECT_EQ(meta->compaction.hints[1], "caf\xC3\xA9 \xF0\x9F\x98\x80");

  auto back = block::ParseMeta(block::MarshalMeta(*meta), "meta.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, *meta);

  // A surrogate written as UTF-8 (ED A0 80) is three invalid bytes to Go;
  // a valid multi-byte sequence stays as it is.
  auto m = block::ParseMeta(
      "{\"ulid\":\"01M7Y58916E608TSR6NPPZ45WP\",\"version\":1,"
      "\"compaction\":{\"hints\":[\"a\xED\xA0\x80z\xC3\xA9\"]}}",
      "meta.json");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->compaction.hints.at(0), "a" + fffd + fffd + fffd + "z\xC3\xA9");
}

}  // namespace
}  // namespace tsdb
