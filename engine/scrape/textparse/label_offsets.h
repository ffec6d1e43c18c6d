// Where a sample's labels are in the page: four offsets per label (name
// begin, name end, value begin, value end; the value without its quotes,
// still escaped). The text parser's one-pass line reader appends a label
// with one capacity test and four stores, hence no push_back per offset.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace tsdb::scrape {

class LabelOffsets {
 public:
  void clear() { size_ = 0; }
  bool empty() const { return size_ == 0; }
  std::span<const size_t> words() const { return {words_.data(), size_}; }

  void Add(size_t name_begin, size_t name_end, size_t value_begin, size_t value_end) {
    if (size_ + 4 > words_.size()) Grow();
    size_t* w = words_.data() + size_;
    w[0] = name_begin;
    w[1] = name_end;
    w[2] = value_begin;
    w[3] = value_end;
    size_ += 4;
  }

 private:
  void Grow() { words_.resize(std::max<size_t>(32, 2 * words_.size())); }

  std::vector<size_t> words_;  // words_[0, size_) are in use
  size_t size_ = 0;
};

}  // namespace tsdb::scrape
