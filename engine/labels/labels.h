// Labels: an immutable set of name/value pairs identifying a series, with the
// semantics of Prometheus 2.42's labels.Labels (model/labels).
//
// Memory layout. The head keeps one Labels per series and millions of series,
// so the object is a single pointer (8 bytes; empty sets allocate nothing) to
// one heap block: a small header (byte length, pair count) followed by the
// pairs in the WAL's own encoding, `uvarint len, name, uvarint len, value`.
// One allocation per set, no per-string headers, and encoding a series record
// is a memcpy. Lengths are always written in their shortest form, so two sets
// are equal exactly when their bytes are equal.
//
// Order. Labels keeps pairs in the order they were given. Sets built with
// FromStrings or a sorted LabelsBuilder are sorted by name; sets decoded from a
// WAL record keep the record's order (2.42's decoder does not sort either).
// Hash, Compare and HasDuplicateLabelNames work on that order, as in Go.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/coding.h"
#include "engine/base/status.h"

namespace tsdb {

// One pair, viewing bytes owned by the Labels it came from.
struct Label {
  std::string_view name;
  std::string_view value;
  friend bool operator==(const Label&, const Label&) = default;
};

inline constexpr std::string_view kMetricNameLabel = "__name__";

class Labels {
 public:
  class Iterator;

  Labels() = default;  // the empty set
  Labels(const Labels& other);
  Labels& operator=(const Labels& other);
  Labels(Labels&&) noexcept = default;
  Labels& operator=(Labels&&) noexcept = default;
  ~Labels() = default;

  // Pairs name0, value0, name1, value1, ... sorted by name (stable), like Go's
  // labels.FromStrings. An odd count is a programming error.
  static Labels FromStrings(std::initializer_list<std::string_view> name_values);

  size_t size() const;
  bool empty() const { return rep_ == nullptr; }
  Iterator begin() const;
  Iterator end() const;

  // Value of the first label called name; "" when absent (as Go's Get).
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;

  // xxhash64 (seed 0) of `name 0xFF value 0xFF` for each pair in order:
  // the value Prometheus's Labels.Hash() returns for the same pairs.
  uint64_t Hash() const;

  // `{a="b", c="d"}`: names raw, values quoted like Go's strconv.Quote.
  std::string ToString() const;

  // The set without pairs whose value is empty.
  Labels WithoutEmpty() const;
  // True when two adjacent pairs share a name (meaningful on sorted sets);
  // *name, when given, receives the repeated name.
  bool HasDuplicateLabelNames(std::string_view* name = nullptr) const;

  // What headAppender.Append checks before creating a series, applied to
  // WithoutEmpty() of this set (without building it): kInvalidArgument with
  // 2.42's messages `empty labelset: invalid sample` or
  // `label name "x" is not unique: invalid sample`.
  Status ValidateForHead() const;

  // labels.Compare: pairwise by name then value (bytewise), then by size.
  // Negative, zero or positive.
  int Compare(const Labels& other) const;
  friend bool operator==(const Labels& a, const Labels& b);
  friend std::strong_ordering operator<=>(const Labels& a, const Labels& b) {
    const int c = a.Compare(b);
    return c < 0 ? std::strong_ordering::less
                 : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
  }

  // The pairs in the WAL encoding, without the leading count.
  ByteView EncodedPairs() const;
  // Reads count pairs in the WAL encoding from dec (Decbuf's sticky errors),
  // keeping their order. Returns false, leaving *out untouched, when dec
  // fails or the set would exceed kMaxEncodedBytes.
  static bool DecodePairs(Decbuf* dec, size_t count, Labels* out);

  // Heap bytes held by this set (for memory accounting).
  size_t AllocatedBytes() const;

  static constexpr size_t kMaxEncodedBytes = UINT32_MAX;

 private:
  friend class LabelsBuilder;
  static constexpr size_t kHeaderBytes = 8;  // u32 byte length, u32 pair count

  // Allocates a block for `bytes` of pairs; the caller fills PairData().
  static Labels Allocate(size_t bytes, size_t count);
  uint32_t PairBytes() const;
  uint8_t* PairData() const { return rep_.get() + kHeaderBytes; }

  std::unique_ptr<uint8_t[]> rep_;
};

// Walks the pairs, decoding lengths on the fly. Trusts the block it walks:
// every block was validated when it was built.
class Labels::Iterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = Label;
  using difference_type = std::ptrdiff_t;
  using reference = const Label&;
  using pointer = const Label*;

  Iterator() = default;
  Iterator(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) { Load(); }

  const Label& operator*() const { return cur_; }
  const Label* operator->() const { return &cur_; }
  Iterator& operator++() {
    p_ = next_;
    Load();
    return *this;
  }
  Iterator operator++(int) {
    Iterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const Iterator& a, const Iterator& b) { return a.p_ == b.p_; }

 private:
  void Load();
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  const uint8_t* next_ = nullptr;
  Label cur_;
};

// Collects pairs, optionally sorts them by name, and builds a Labels. Reusable:
// after Reset() a builder allocates nothing until it outgrows its buffers.
class LabelsBuilder {
 public:
  void Reset();
  void Add(std::string_view name, std::string_view value);
  // Stable sort by name, so duplicate names keep their insertion order.
  void Sort();
  size_t size() const { return pairs_.size(); }
  // Pairs in their current order (insertion order unless Sort() was called).
  // Asserts the set fits Labels::kMaxEncodedBytes.
  Labels Build() const;

 private:
  struct Pair {
    size_t name_off;
    size_t name_len;
    size_t value_off;
    size_t value_len;
  };
  std::string_view NameOf(const Pair& p) const { return {arena_.data() + p.name_off, p.name_len}; }
  std::string_view ValueOf(const Pair& p) const {
    return {arena_.data() + p.value_off, p.value_len};
  }
  std::string arena_;
  std::vector<Pair> pairs_;
};

}  // namespace tsdb
