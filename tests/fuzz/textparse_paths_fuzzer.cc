// Differential fuzzer of the text format parser's one-pass line readers:
// PromParser reading common sample, HELP, TYPE and blank lines whole
// (PromParsePaths::kFast) against the same parser reading every line token
// by token (kTokensOnly), compared as full dumps: entries, series keys,
// labels in page order, value bits, timestamps, texts, types, and the error
// message and line:column that end the page.
//
// Input: the page, as it is.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_check.h"
#include "tests/support/prom_parse_dump.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using tsdb::scrape::PromParsePaths;
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  const std::string fast = tsdb::testing::DumpPromParse(page, PromParsePaths::kFast);
  const std::string tokens = tsdb::testing::DumpPromParse(page, PromParsePaths::kTokensOnly);
  FUZZ_CHECK(fast == tokens, "one-pass path:\n%s\ntoken path:\n%s", fast.c_str(), tokens.c_str());
  return 0;
}
