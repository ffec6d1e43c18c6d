// Properties of the text format parser's fast paths, on inputs rapidcheck
// draws (and shrinks): the lexer gives exactly ReferencePromLexer's tokens,
// boundaries and stop positions, the parser's one-pass line readers what
// its token path gives, and ParsePromFloat exactly ParsePromFloatExact's
// bits or error.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/prom_lexer.h"
#include "support/exposition_corpus.h"
#include "support/prom_parse_dump.h"
#include "support/reference_prom_lexer.h"

namespace tsdb::scrape {
namespace {

// Pieces of the grammar and the bytes it treats specially.
rc::Gen<std::string> GenPage() {
  const auto piece = rc::gen::oneOf(
      rc::gen::element<std::string>(
          "# HELP ", "# TYPE ", "#", " ", "\t", "\n", std::string(1, '\0'), "{", "}", "\"", "=",
          ",", "\\", "\\\"", "\\\\", "\\n", "a", "cpu", "_total", ":", "1", "0.5", "-1e3", "e",
          "+Inf", "NaN", " counter", "\xff", "\xc3\xa9", "\r", "synth_ops_0_total{cpu=\"3\"} 17\n",
          "x{a=\"b\",c=\"d\"} 1.25 1700000000000\n"),
      rc::gen::map(rc::gen::arbitrary<char>(), [](char c) { return std::string(1, c); }));
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(piece),
                      [](const std::vector<std::string>& parts) {
                        std::string s;
                        for (const auto& p : parts) s += p;
                        return s;
                      });
}

RC_GTEST_PROP(TextParseFastPathProperty, LexerMatchesReference, ()) {
  const std::string page = *GenPage();
  PromLexer fast(page);
  tsdb::testing::ReferencePromLexer ref(page);
  for (size_t k = 0; k <= 2 * page.size() + 4; k++) {
    const Token a = fast.Lex();
    const Token b = ref.Lex();
    RC_ASSERT(a == b);
    RC_ASSERT(fast.start() == ref.start());
    RC_ASSERT(fast.pos() == ref.pos());
    RC_ASSERT(fast.stop() == ref.stop());
    if (a == Token::kInvalid || a == Token::kEof) return;
  }
  RC_FAIL("the lexers did not end");
}

RC_GTEST_PROP(TextParseFastPathProperty, ParserPathsAgree, ()) {
  // The one-pass line readers give what reading token by token gives.
  const std::string page = *GenPage();
  RC_ASSERT(tsdb::testing::DumpPromParse(page, PromParsePaths::kFast) ==
            tsdb::testing::DumpPromParse(page, PromParsePaths::kTokensOnly));
}

RC_GTEST_PROP(TextParseFastPathProperty, FloatMatchesExact, ()) {
  const auto seed = *rc::gen::arbitrary<uint64_t>();
  tsdb::testing::SplitMix64 r(seed);
  const std::string s = *rc::gen::oneOf(
      rc::gen::just(tsdb::testing::RandomFloatText(&r)),
      rc::gen::container<std::string>(rc::gen::elementOf(std::string("0123456789.eE+-_pxin"))));
  const Result<double> fast = ParsePromFloat(s);
  const Result<double> exact = ParsePromFloatExact(s);
  RC_ASSERT(fast.ok() == exact.ok());
  if (fast.ok()) {
    RC_ASSERT(std::bit_cast<uint64_t>(*fast) == std::bit_cast<uint64_t>(*exact));
  } else {
    RC_ASSERT(fast.status().message() == exact.status().message());
  }
}

}  // namespace
}  // namespace tsdb::scrape
