// Go's text/tabwriter with a space pad character and no flags, the way
// promtool aligns its tables: cells end at '\t', lines at '\n', and a
// column is as wide as its widest cell plus padding (at least minwidth)
// over each block of consecutive lines that have that column. The last
// cell of a line is not tab-terminated and is never padded.
#pragma once

#include <string>
#include <string_view>

namespace tsdb::db {

std::string TabwriterFormat(std::string_view text, int minwidth, int padding);

}  // namespace tsdb::db
