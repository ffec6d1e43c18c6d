// A postings list as stored in the index: sorted series IDs, each a u32 BE.
// The view decodes IDs on access straight from the mapped file, so looking a
// list up costs nothing until it is walked.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/base/coding.h"

namespace tsdb::index {

// A series reference inside one index: offset / 16 in v2, the byte offset
// itself in v1.
using SeriesRef = uint64_t;

class PostingsView {
 public:
  PostingsView() = default;
  // `be_ids` holds size()*4 bytes; its owner must outlive the view.
  explicit PostingsView(ByteView be_ids) : ids_(be_ids) {}

  size_t size() const { return ids_.size() / 4; }
  bool empty() const { return ids_.empty(); }
  SeriesRef operator[](size_t i) const { return GetBE32(ids_.data() + 4 * i); }

  std::vector<SeriesRef> ToVector() const {
    std::vector<SeriesRef> out(size());
    for (size_t i = 0; i < out.size(); i++) out[i] = (*this)[i];
    return out;
  }

 private:
  ByteView ids_;
};

}  // namespace tsdb::index
