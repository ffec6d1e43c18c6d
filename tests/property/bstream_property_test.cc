// BitWriter against a model of Go's bit stream written the slow way (one
// byte or one bit per step, as tsdb/chunkenc/bstream.go does): after every
// write the bytes and the free-bit count are the same, whether the writes
// are single calls, several Go calls merged into one WriteBitsAs, made on a
// copy, or made after a Reset that kept the buffer.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <vector>

#include "engine/chunkenc/bstream.h"

namespace tsdb::chunkenc {
namespace {

// Go's bstream: `count` free bits in the last byte; writeByte always ends
// by opening a new byte.
class GoStream {
 public:
  explicit GoStream(Bytes initial) : b_(std::move(initial)) {}
  void WriteBit(bool bit) {
    if (count_ == 0) Open();
    if (bit) b_.back() = static_cast<uint8_t>(b_.back() | (1u << (count_ - 1)));
    count_--;
  }
  void WriteByte(uint8_t byte) {
    if (count_ == 0) Open();
    b_.back() = static_cast<uint8_t>(b_.back() | (byte >> (8 - count_)));
    b_.push_back(static_cast<uint8_t>(count_ == 8 ? 0 : byte << count_));
  }
  void WriteBits(uint64_t u, int n) {
    u <<= 64 - n;
    for (; n >= 8; n -= 8, u <<= 8) WriteByte(static_cast<uint8_t>(u >> 56));
    for (; n > 0; n--, u <<= 1) WriteBit((u >> 63) != 0);
  }
  const Bytes& bytes() const { return b_; }
  int free_bits() const { return count_; }

 private:
  void Open() {
    b_.push_back(0);
    count_ = 8;
  }
  Bytes b_;
  int count_ = 0;
};

uint64_t Low(uint64_t u, int n) { return n == 64 ? u : u & ((uint64_t{1} << n) - 1); }

// A random number of writes; each is one Go call or a run of 2..3 calls
// that BitWriter gets as one WriteBitsAs.
void WriteRandomly(GoStream* go, BitWriter* w, int writes) {
  for (int i = 0; i < writes; i++) {
    const int calls = *rc::gen::inRange(1, 4);
    uint64_t merged = 0;
    int merged_bits = 0, last_bits = 0;
    for (int c = 0; c < calls; c++) {
      const int n = *rc::gen::element(1, 2, 7, 8, 9, 13, 16, 24, 31, 32, 55, 56, 57, 63, 64,
                                      *rc::gen::inRange(1, 65));
      if (merged_bits + n > 64) break;
      const uint64_t u = Low(*rc::gen::arbitrary<uint64_t>(), n);
      go->WriteBits(u, n);
      merged = merged_bits == 0 ? u : (merged << n) | u;
      merged_bits += n;
      last_bits = n;
    }
    if (merged_bits == 1 && *rc::gen::arbitrary<bool>()) {
      w->WriteBit(merged != 0);
    } else {
      w->WriteBitsAs(merged, merged_bits, last_bits);
    }
    RC_ASSERT(Bytes(w->bytes().begin(), w->bytes().end()) == go->bytes());
    RC_ASSERT(w->free_bits() == go->free_bits());
  }
}

RC_GTEST_PROP(BitWriterProperty, EveryWriteLeavesGosBytes, ()) {
  const Bytes header = {0x12, 0x34};
  GoStream go(header);
  BitWriter w(header, 0, *rc::gen::element<size_t>(0, 1, 16, 128));
  WriteRandomly(&go, &w, *rc::gen::inRange(1, 200));
}

RC_GTEST_PROP(BitWriterProperty, CopiesAndResetsContinueLikeGo, ()) {
  const Bytes header = {0, 0};
  GoStream go(header);
  BitWriter w(header, 0, 128);
  WriteRandomly(&go, &w, *rc::gen::inRange(0, 100));
  BitWriter copy = w;
  GoStream go_copy = go;
  WriteRandomly(&go_copy, &copy, *rc::gen::inRange(1, 50));
  // The original is untouched by writes to the copy.
  RC_ASSERT(Bytes(w.bytes().begin(), w.bytes().end()) == go.bytes());
  // Reset keeps a buffer of a usual size: the stale bytes must not leak.
  w.Reset(header, 128);
  GoStream fresh(header);
  RC_ASSERT(Bytes(w.bytes().begin(), w.bytes().end()) == fresh.bytes());
  WriteRandomly(&fresh, &w, *rc::gen::inRange(1, 100));
}

TEST(BitWriter, ResumesInsideAPartlyWrittenOrOpenedByte) {
  // 0b101 in a byte with 5 free bits, then 0b11: 0b10111000.
  const Bytes partial = {0b1010'0000};
  BitWriter w(partial, 5, 0);
  w.WriteBits(0b11, 2);
  EXPECT_EQ(Bytes(w.bytes().begin(), w.bytes().end()), Bytes{0b1011'1000});
  EXPECT_EQ(w.free_bits(), 3);
  // An opened, empty byte (8 free bits) is written into, not after.
  const Bytes opened = {0xFF, 0x00};
  BitWriter o(opened, 8, 0);
  o.WriteBit(true);
  EXPECT_EQ(Bytes(o.bytes().begin(), o.bytes().end()), (Bytes{0xFF, 0x80}));
  EXPECT_EQ(o.free_bits(), 7);
}

}  // namespace
}  // namespace tsdb::chunkenc
