#include "engine/labels/labels.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <string>
#include <vector>

#include "engine/labels/go_quote.h"

namespace tsdb {
namespace {

// The bytes Prometheus hashes, built independently of Labels::Hash.
uint64_t ReferenceHash(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string b;
  for (const auto& [n, v] : pairs) {
    b += n;
    b += '\xff';
    b += v;
    b += '\xff';
  }
  return XXH64(b.data(), b.size(), 0);
}

Labels Unsorted(const std::vector<std::pair<std::string, std::string>>& pairs) {
  LabelsBuilder b;
  for (const auto& [n, v] : pairs) b.Add(n, v);
  return b.Build();
}

TEST(Labels, EmptySetIsOnePointerAndAllocatesNothing) {
  static_assert(sizeof(Labels) == sizeof(void*));
  Labels l;
  EXPECT_TRUE(l.empty());
  EXPECT_EQ(l.size(), 0u);
  EXPECT_EQ(l.begin(), l.end());
  EXPECT_EQ(l.AllocatedBytes(), 0u);
  EXPECT_EQ(l.ToString(), "{}");
  // xxhash64 of no bytes, seed 0.
  EXPECT_EQ(l.Hash(), 0xEF46DB3751D8E999ull);
}

TEST(Labels, FromStringsSortsAndIterates) {
  const Labels l = Labels::FromStrings({"job", "node", "__name__", "up", "instance", "h:9100"});
  ASSERT_EQ(l.size(), 3u);
  std::vector<Label> got(l.begin(), l.end());
  EXPECT_EQ(got[0], (Label{"__name__", "up"}));
  EXPECT_EQ(got[1], (Label{"instance", "h:9100"}));
  EXPECT_EQ(got[2], (Label{"job", "node"}));
  EXPECT_EQ(l.Get("job"), "node");
  EXPECT_EQ(l.Get("missing"), "");
  EXPECT_TRUE(l.Has("instance"));
  EXPECT_FALSE(l.Has("inst"));
  // One block: header + the WAL encoding of the pairs.
  EXPECT_EQ(l.AllocatedBytes(), 8u + (1 + 8 + 1 + 2) + (1 + 8 + 1 + 6) + (1 + 3 + 1 + 4));
}

TEST(Labels, BuilderKeepsOrderUnlessSortedAndSortIsStable) {
  LabelsBuilder b;
  b.Add("b", "1");
  b.Add("a", "2");
  b.Add("b", "0");
  const Labels raw = b.Build();
  EXPECT_EQ(raw.ToString(), R"({b="1", a="2", b="0"})");
  b.Sort();
  EXPECT_EQ(b.Build().ToString(), R"({a="2", b="1", b="0"})");
  b.Reset();
  EXPECT_TRUE(b.Build().empty());
}

TEST(Labels, HashMatchesXxhashOfSeparatedPairs) {
  const std::vector<std::vector<std::pair<std::string, std::string>>> cases = {
      {{"__name__", "up"}},
      {{"__name__", "up"}, {"instance", "localhost:9090"}, {"job", "prometheus"}},
      {{"a", ""}, {"b", std::string("\x00\xff\xfe", 3)}},
      {{"", ""}},
  };
  for (const auto& c : cases) EXPECT_EQ(Unsorted(c).Hash(), ReferenceHash(c));
}

TEST(Labels, HashOfSetsOverOneKibibyteIsUnchanged) {
  // 2.42 switches to a streaming hash past 1 KiB; the value must not change.
  const std::vector<std::vector<std::pair<std::string, std::string>>> cases = {
      {{"__name__", "big"}, {"v", std::string(2000, 'x')}},
      {{"a", std::string(1021, 'y')}},   // exactly 1024 hashed bytes
      {{"a", std::string(1020, 'y')}},   // 1023
      {{"a", std::string(1022, 'y')}},   // 1025
      {{"a", std::string(500, '1')}, {"b", std::string(500, '2')}, {"c", std::string(500, '3')}},
  };
  for (const auto& c : cases) EXPECT_EQ(Unsorted(c).Hash(), ReferenceHash(c));
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 100; i++) many.emplace_back("label_" + std::to_string(100 + i), "value");
  EXPECT_EQ(Unsorted(many).Hash(), ReferenceHash(many));
}

TEST(Labels, HashOfShortPairsAroundTheBufferSizeIsUnchanged) {
  // Hash copies the encoded pairs whole when every length fits one byte and
  // they fit its 1 KiB buffer; otherwise it goes pair by pair. Both agree.
  auto pairs_of = [](size_t encoded_bytes) {
    // Pairs `nNNN` = 122 'v' (1 + 4 + 1 + 122 = 128 bytes each), then a last
    // pair of 6..133 bytes (value < 128 bytes) to land on the wanted size.
    std::vector<std::pair<std::string, std::string>> c;
    size_t left = encoded_bytes;
    for (int i = 0; left > 0; i++) {
      const size_t value_len = left >= 128 + 6 ? 122 : left - 6;
      c.emplace_back("n" + std::to_string(100 + i), std::string(value_len, 'v'));
      left -= 6 + value_len;
    }
    return c;
  };
  for (size_t bytes : {1023u, 1024u, 1025u, 600u, 7u}) {
    const auto c = pairs_of(bytes);
    EXPECT_EQ(Unsorted(c).EncodedPairs().size(), bytes);
    EXPECT_EQ(Unsorted(c).Hash(), ReferenceHash(c)) << bytes;
  }
  // Short lengths first, then one of two bytes: the copy is abandoned midway.
  const std::vector<std::pair<std::string, std::string>> mixed = {
      {"a", "1"}, {"b", ""}, {"c", std::string(200, 'z')}, {"d", "4"}};
  EXPECT_EQ(Unsorted(mixed).Hash(), ReferenceHash(mixed));
}

TEST(Labels, CompareIsByNameThenValueThenLength) {
  const Labels a = Labels::FromStrings({"a", "1"});
  const Labels a2 = Labels::FromStrings({"a", "2"});
  const Labels ab = Labels::FromStrings({"a", "1", "b", "1"});
  const Labels b = Labels::FromStrings({"b", "0"});
  EXPECT_LT(a.Compare(a2), 0);
  EXPECT_GT(a2.Compare(a), 0);
  EXPECT_LT(a.Compare(ab), 0);  // common prefix: fewer labels first
  EXPECT_EQ(ab.Compare(a), 1);  // Go returns len(a) - len(b)
  EXPECT_LT(a2.Compare(b), 0);  // names decide before values
  EXPECT_LT(ab.Compare(a2), 0);
  EXPECT_EQ(a.Compare(Labels::FromStrings({"a", "1"})), 0);
  EXPECT_LT(Labels().Compare(a), 0);
  // Bytes compare unsigned, as Go strings do.
  EXPECT_LT(Labels::FromStrings({"a", "z"}).Compare(Labels::FromStrings({"a", "\xc3\xa9"})), 0);
  EXPECT_TRUE(a < ab);
  EXPECT_TRUE(a == Labels::FromStrings({"a", "1"}));
  EXPECT_FALSE(a == a2);
  EXPECT_FALSE(a == Labels());
}

TEST(Labels, CopyIsDeepAndMoveEmptiesSource) {
  Labels a = Labels::FromStrings({"job", "x"});
  Labels b = a;
  EXPECT_EQ(a, b);
  EXPECT_NE(a.begin()->name.data(), b.begin()->name.data());
  Labels c = std::move(a);
  EXPECT_EQ(c, b);
  b = c;
  b = b;  // self-assignment keeps the value
  EXPECT_EQ(b.ToString(), R"({job="x"})");
}

TEST(Labels, ToStringQuotesValuesLikeGo) {
  struct Case {
    std::string value;
    std::string quoted;
  };
  const std::vector<Case> cases = {
      {"plain", R"("plain")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"C:\\dir", R"("C:\\dir")"},
      {"a\nb\tc\rd", R"("a\nb\tc\rd")"},
      {"\a\b\f\v", R"("\a\b\f\v")"},
      {std::string("\x00\x01\x1f\x7f", 4), R"("\x00\x01\x1f\x7f")"},
      {"\xff\xfe", R"("\xff\xfe")"},           // invalid UTF-8 bytes
      {"\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\""},  // été stays raw
      {"\xe2\x82\xac", "\"\xe2\x82\xac\""},    // € raw
      {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},  // emoji raw
      {"\xc2\xa0", R"("\u00a0")"},             // no-break space is not printable
      {"\xc2\x85", R"("\u0085")"},             // C1 control
      {"\xe2\x80\x8b", R"("\u200b")"},         // zero width space (Cf)
      {"\xe2\x80\xa8", R"("\u2028")"},         // line separator
      {"\xee\x80\x80", R"("\ue000")"},         // private use
      {"\xf3\xa0\x80\x81", R"("\U000e0001")"}, // language tag (Cf), plane 14
      {"\xef\xbf\xbd", "\"\xef\xbf\xbd\""},    // U+FFFD itself is printable
      {"\xed\xa0\x80", R"("\xed\xa0\x80")"},   // an encoded surrogate is invalid
      {"\xc0\xaf", R"("\xc0\xaf")"},           // overlong
      {"\xe2\x82", R"("\xe2\x82")"},           // truncated sequence
      {"", R"("")"},
  };
  for (const Case& c : cases) {
    std::string got;
    AppendGoQuoted(c.value, &got);
    EXPECT_EQ(got, c.quoted) << "value bytes: " << c.value;
  }
  EXPECT_EQ(Labels::FromStrings({"a", "b", "c", "d"}).ToString(), R"({a="b", c="d"})");
  EXPECT_EQ(Labels::FromStrings({"x", "1\n2"}).ToString(), R"({x="1\n2"})");
}

TEST(Labels, WithoutEmptyDropsEmptyValues) {
  const Labels l = Unsorted({{"a", ""}, {"b", "1"}, {"c", ""}, {"d", "2"}});
  EXPECT_EQ(l.WithoutEmpty(), Labels::FromStrings({"b", "1", "d", "2"}));
  EXPECT_TRUE(Unsorted({{"a", ""}}).WithoutEmpty().empty());
  const Labels full = Labels::FromStrings({"a", "1"});
  EXPECT_EQ(full.WithoutEmpty(), full);
}

TEST(Labels, DuplicateNamesAreFoundWhenAdjacent) {
  std::string_view name;
  EXPECT_FALSE(Labels::FromStrings({"a", "1", "b", "2"}).HasDuplicateLabelNames(&name));
  // name views the set's bytes, so the set must outlive it.
  const Labels dup = Labels::FromStrings({"b", "2", "a", "1", "b", "3"});
  EXPECT_TRUE(dup.HasDuplicateLabelNames(&name));
  EXPECT_EQ(name, "b");
}

TEST(Labels, ValidateForHeadUses242Messages) {
  EXPECT_TRUE(Labels::FromStrings({"__name__", "up"}).ValidateForHead().ok());

  const Status empty = Labels().ValidateForHead();
  EXPECT_EQ(empty.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(empty.message(), "empty labelset: invalid sample");
  // Only empty values: empty once they are dropped.
  EXPECT_EQ(Unsorted({{"a", ""}, {"b", ""}}).ValidateForHead().message(),
            "empty labelset: invalid sample");

  const Status dup = Labels::FromStrings({"job", "a", "job", "b"}).ValidateForHead();
  EXPECT_EQ(dup.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(dup.message(), R"(label name "job" is not unique: invalid sample)");
  // A duplicate with an empty value disappears with WithoutEmpty: valid.
  EXPECT_TRUE(Unsorted({{"job", "a"}, {"job", ""}}).ValidateForHead().ok());
  // Duplicates separated only by a dropped label are adjacent after dropping it.
  EXPECT_FALSE(Unsorted({{"j", "a"}, {"k", ""}, {"j", "b"}}).ValidateForHead().ok());
}

TEST(Labels, DecodePairsKeepsOrderAndCanonicalisesPaddedLengths) {
  // {b="1", a=""} in record order, the name "b" with a padded length 0x81 0x00.
  const Bytes wire = {0x81, 0x00, 'b', 0x01, '1', 0x01, 'a', 0x00, 0xAA};
  Decbuf dec(wire);
  Labels l;
  ASSERT_TRUE(Labels::DecodePairs(&dec, 2, &l));
  EXPECT_EQ(dec.remaining(), 1u);
  EXPECT_EQ(l.ToString(), R"({b="1", a=""})");
  EXPECT_EQ(l, Unsorted({{"b", "1"}, {"a", ""}}));  // same bytes as a built set

  Decbuf cut(ByteView(wire).first(5));
  Labels untouched = Labels::FromStrings({"x", "y"});
  EXPECT_FALSE(Labels::DecodePairs(&cut, 2, &untouched));
  EXPECT_EQ(untouched.ToString(), R"({x="y"})");
}

}  // namespace
}  // namespace tsdb
