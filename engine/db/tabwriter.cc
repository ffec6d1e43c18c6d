#include "engine/db/tabwriter.h"

#include <algorithm>
#include <vector>

namespace tsdb::db {

namespace {

using Line = std::vector<std::string>;  // cells; the last one is not tab-terminated

// Width as tabwriter counts it: runes of UTF-8 text.
int CellWidth(const std::string& s) {
  int n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

class Formatter {
 public:
  Formatter(std::vector<Line> lines, int minwidth, int padding)
      : lines_(std::move(lines)), minwidth_(minwidth), padding_(padding) {}

  std::string Run() {
    Format(0, lines_.size());
    return std::move(out_);
  }

 private:
  // tabwriter's format(): finds each block of lines that have a cell in
  // the next column, fixes that column's width, and recurses to the right.
  void Format(size_t line0, size_t line1) {
    const size_t column = widths_.size();
    for (size_t cur = line0; cur < line1; cur++) {
      if (column + 1 >= lines_[cur].size()) continue;
      WriteLines(line0, cur);
      line0 = cur;
      int width = minwidth_;
      for (; cur < line1 && column + 1 < lines_[cur].size(); cur++) {
        width = std::max(width, CellWidth(lines_[cur][column]) + padding_);
      }
      widths_.push_back(width);
      Format(line0, cur);
      widths_.pop_back();
      line0 = cur;
    }
    WriteLines(line0, line1);
  }

  void WriteLines(size_t from, size_t to) {
    for (size_t i = from; i < to; i++) {
      const Line& line = lines_[i];
      for (size_t j = 0; j < line.size(); j++) {
        out_ += line[j];
        if (j < widths_.size()) {
          const int pad = widths_[j] - CellWidth(line[j]);
          if (pad > 0) out_.append(static_cast<size_t>(pad), ' ');
        }
      }
      // The text after the last newline has no newline of its own.
      if (i + 1 < lines_.size()) out_ += '\n';
    }
  }

  std::vector<Line> lines_;
  int minwidth_;
  int padding_;
  std::vector<int> widths_;
  std::string out_;
};

std::vector<Line> SplitCells(std::string_view text) {
  std::vector<Line> lines(1);
  std::string cell;
  for (char c : text) {
    if (c == '\t') {
      lines.back().push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      lines.back().push_back(std::move(cell));
      cell.clear();
      lines.emplace_back();
    } else {
      cell += c;
    }
  }
  lines.back().push_back(std::move(cell));
  return lines;
}

}  // namespace

std::string TabwriterFormat(std::string_view text, int minwidth, int padding) {
  return Formatter(SplitCells(text), minwidth, padding).Run();
}

}  // namespace tsdb::db
