// Where a sample's labels are in the page: four offsets per label (name
// begin, name end, value begin, value end; the value without its quotes,
// still escaped). The text parser's one-pass line reader appends a label
// with one capacity test and four stores, hence no push_back per offset.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>

namespace tsdb::scrape {

class LabelOffsets {
 public:
  void clear() { size_ = 0; }
  bool empty() const { return size_ == 0; }
  std::span<const size_t> words() const { return {words_.get(), size_}; }

  void Add(size_t name_begin, size_t name_end, size_t value_begin, size_t value_end) {
    if (size_ + 4 > capacity_) Grow();
    size_t* w = words_.get() + size_;
    w[0] = name_begin;
    w[1] = name_end;
    w[2] = value_begin;
    w[3] = value_end;
    size_ += 4;
  }

 private:
  void Grow() {
    const size_t capacity = std::max<size_t>(32, 2 * capacity_);
    auto words = std::make_unique_for_overwrite<size_t[]>(capacity);
    std::copy_n(words_.get(), size_, words.get());
    words_ = std::move(words);
    capacity_ = capacity;
  }

  std::unique_ptr<size_t[]> words_;  // words_[0, size_) are in use
  size_t capacity_ = 0;
  size_t size_ = 0;
};

}  // namespace tsdb::scrape
