#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "engine/base/coding.h"

namespace tsdb {
namespace {

RC_GTEST_PROP(CodingProperty, VarintsRoundTrip, (std::vector<int64_t> values)) {
  Encbuf e;
  for (int64_t v : values) {
    e.PutVarint(v);
    e.PutUvarint(static_cast<uint64_t>(v));
  }
  Decbuf d(e.bytes());
  for (int64_t v : values) {
    RC_ASSERT(d.Varint() == v);
    RC_ASSERT(d.Uvarint() == static_cast<uint64_t>(v));
  }
  RC_ASSERT(d.ok());
  RC_ASSERT(d.remaining() == 0u);
}

}  // namespace
}  // namespace tsdb
