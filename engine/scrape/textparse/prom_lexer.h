// The Prometheus text format's lexer. It is the state machine of 2.42's
// generated promlex, rule for rule: longest match without backtracking (a
// rule that fails half way yields INVALID where it stopped), blanks as
// WHITESPACE tokens in every state, and its NUL handling: a NUL at the start
// of a line or in a `#` comment ends the page as if it were the end, while
// NULs inside label values, HELP text and `# ` comments are skipped over.
// The page is read as if it ended in one more '\n', which 2.42 appends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scrape/textparse/lex_token.h"

namespace tsdb::scrape {

class PromLexer {
 public:
  explicit PromLexer(std::string_view page)
      : p_(reinterpret_cast<const uint8_t*>(page.data())), n_(page.size()) {}

  Token Lex();

  // The last token is the bytes [start(), pos()) of the page.
  size_t start() const { return start_; }
  size_t pos() const { return i_; }
  // Where the last INVALID or EOF token stopped (never past the page).
  size_t stop() const { return stop_; }

 private:
  // The byte at i, with the appended '\n' at n_ and 0 beyond it (what Go's
  // lexer reads once it has run off its buffer).
  uint8_t At(size_t i) const { return i < n_ ? p_[i] : (i == n_ ? uint8_t{'\n'} : uint8_t{0}); }
  uint8_t Advance();
  // Moves to the first '\n' at or after i_ (the appended one at the latest).
  void SkipToNewline();
  Token Whitespace();
  Token Keyword(std::string_view rest, Token tok);
  Token Text(uint8_t c);
  Token Quoted();
  Token Abort();
  Token ConsumeComment();

  const uint8_t* p_;
  size_t n_;
  size_t i_ = 0;
  size_t start_ = 0;
  size_t stop_ = 0;
  LexState state_ = LexState::kInit;
};

}  // namespace tsdb::scrape
