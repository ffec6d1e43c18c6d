// Differential fuzzer of the text format lexer's fast paths: PromLexer (class
// table scans, inline Advance) against ReferencePromLexer, the per-byte lexer
// it replaced (test-only, tests/support/), token by token: the same kinds,
// boundaries and stop positions to the end of the page. Inputs up to 400
// bytes are also one float spelling: ParsePromFloat (the plain-decimal fast
// path) must give ParsePromFloatExact's bits or its error message.
//
// Input: the page, as it is.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/prom_lexer.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/reference_prom_lexer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using tsdb::scrape::Token;
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  tsdb::scrape::PromLexer fast(page);
  tsdb::testing::ReferencePromLexer ref(page);
  // Each token but the last consumes a byte (the appended newline included).
  for (size_t k = 0;; k++) {
    FUZZ_CHECK(k <= 2 * size + 4, "no end after %zu tokens", k);
    const Token a = fast.Lex();
    const Token b = ref.Lex();
    FUZZ_CHECK(a == b && fast.start() == ref.start() && fast.pos() == ref.pos() &&
                   fast.stop() == ref.stop(),
               "token %zu: %s [%zu,%zu) stop %zu, reference %s [%zu,%zu) stop %zu", k,
               TokenName(a), fast.start(), fast.pos(), fast.stop(), TokenName(b), ref.start(),
               ref.pos(), ref.stop());
    if (a == Token::kInvalid || a == Token::kEof) break;
  }
  if (size <= 400) {
    const tsdb::Result<double> f = tsdb::scrape::ParsePromFloat(page);
    const tsdb::Result<double> e = tsdb::scrape::ParsePromFloatExact(page);
    FUZZ_CHECK(f.ok() == e.ok(), "float: fast %s, exact %s", f.ok() ? "ok" : "error",
               e.ok() ? "ok" : "error");
    if (f.ok()) {
      FUZZ_CHECK(std::bit_cast<uint64_t>(*f) == std::bit_cast<uint64_t>(*e),
                 "float bits: fast %016llx, exact %016llx",
                 static_cast<unsigned long long>(std::bit_cast<uint64_t>(*f)),
                 static_cast<unsigned long long>(std::bit_cast<uint64_t>(*e)));
    } else {
      FUZZ_CHECK(f.status().message() == e.status().message(), "float error: %s vs %s",
                 f.status().message().c_str(), e.status().message().c_str());
    }
  }
  return 0;
}
