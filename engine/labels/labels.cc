#include "engine/labels/labels.h"

#include <cstring>

#define XXH_STATIC_LINKING_ONLY  // XXH64_state_t on the stack, no heap state
#include <xxhash.h>

#include "engine/labels/go_quote.h"
#include "engine/labels/labels_encoding.h"

namespace tsdb {
namespace {

using labels_internal::EncodedSize;
using labels_internal::ReadLength;
using labels_internal::WriteString;

// Labels.Hash in 2.42 hashes small sets from a 1 KiB buffer and streams larger
// ones; both give xxhash64 of the same byte sequence. We do the same split so
// the common case is one XXH64 call over a stack buffer.
constexpr size_t kHashBufferBytes = 1024;
constexpr uint8_t kHashSeparator = 0xFF;

}  // namespace

void Labels::Iterator::Load() {
  if (p_ == end_) return;
  const uint8_t* p = p_;
  const size_t name_len = ReadLength(p);
  cur_.name = {reinterpret_cast<const char*>(p), name_len};
  p += name_len;
  const size_t value_len = ReadLength(p);
  cur_.value = {reinterpret_cast<const char*>(p), value_len};
  next_ = p + value_len;
}

Labels::Labels(const Labels& other) {
  if (other.rep_ == nullptr) return;
  const size_t total = kHeaderBytes + other.PairBytes();
  rep_ = std::make_unique_for_overwrite<uint8_t[]>(total);
  std::memcpy(rep_.get(), other.rep_.get(), total);
}

Labels& Labels::operator=(const Labels& other) {
  if (this != &other) *this = Labels(other);
  return *this;
}

Labels Labels::Allocate(size_t bytes, size_t count) {
  TSDB_ASSERT(bytes <= kMaxEncodedBytes && count > 0 && count <= bytes / 2);
  Labels l;
  l.rep_ = std::make_unique_for_overwrite<uint8_t[]>(kHeaderBytes + bytes);
  const auto b32 = static_cast<uint32_t>(bytes);
  const auto c32 = static_cast<uint32_t>(count);
  std::memcpy(l.rep_.get(), &b32, 4);
  std::memcpy(l.rep_.get() + 4, &c32, 4);
  return l;
}

uint32_t Labels::PairBytes() const {
  uint32_t v = 0;
  if (rep_ != nullptr) std::memcpy(&v, rep_.get(), 4);
  return v;
}

size_t Labels::size() const {
  uint32_t v = 0;
  if (rep_ != nullptr) std::memcpy(&v, rep_.get() + 4, 4);
  return v;
}

ByteView Labels::EncodedPairs() const {
  if (rep_ == nullptr) return {};
  return {PairData(), PairBytes()};
}

size_t Labels::AllocatedBytes() const { return rep_ == nullptr ? 0 : kHeaderBytes + PairBytes(); }

Labels::Iterator Labels::begin() const {
  const ByteView b = EncodedPairs();
  return Iterator(b.data(), b.data() + b.size());
}

Labels::Iterator Labels::end() const {
  const ByteView b = EncodedPairs();
  return Iterator(b.data() + b.size(), b.data() + b.size());
}

std::string_view Labels::Get(std::string_view name) const {
  for (const Label& l : *this) {
    if (l.name == name) return l.value;
  }
  return {};
}

bool Labels::Has(std::string_view name) const {
  for (const Label& l : *this) {
    if (l.name == name) return true;
  }
  return false;
}

uint64_t Labels::Hash() const {
  uint8_t buf[kHashBufferBytes];
  const ByteView pairs = EncodedPairs();
  // When every length is a one-byte uvarint, the hashed bytes `name 0xFF
  // value 0xFF ...` are the encoded pairs shifted by one byte, with each
  // later length byte and one byte past the end set to 0xFF: one copy for
  // the whole set instead of two per pair.
  if (!pairs.empty() && pairs.size() <= sizeof(buf)) {
    std::memcpy(buf, pairs.data() + 1, pairs.size() - 1);
    size_t at = 0;  // offset in pairs of a length byte
    while (at < pairs.size() && pairs[at] < 0x80) {
      at += 1 + pairs[at];
      buf[at - 1] = kHashSeparator;
    }
    if (at == pairs.size()) return XXH64(buf, pairs.size(), 0);
    // A longer length: start over the general way.
  }
  size_t n = 0;
  for (auto it = begin(); it != end(); ++it) {
    if (n + it->name.size() + it->value.size() + 2 > sizeof(buf)) {
      // Too big for the buffer: stream the rest after what is buffered.
      XXH64_state_t state;
      XXH64_reset(&state, 0);
      XXH64_update(&state, buf, n);
      for (; it != end(); ++it) {
        XXH64_update(&state, it->name.data(), it->name.size());
        XXH64_update(&state, &kHashSeparator, 1);
        XXH64_update(&state, it->value.data(), it->value.size());
        XXH64_update(&state, &kHashSeparator, 1);
      }
      return XXH64_digest(&state);
    }
    std::memcpy(buf + n, it->name.data(), it->name.size());
    n += it->name.size();
    buf[n++] = kHashSeparator;
    std::memcpy(buf + n, it->value.data(), it->value.size());
    n += it->value.size();
    buf[n++] = kHashSeparator;
  }
  return XXH64(buf, n, 0);
}

std::string Labels::ToString() const {
  std::string out = "{";
  bool first = true;
  for (const Label& l : *this) {
    if (!first) out.append(", ");
    first = false;
    out.append(l.name);
    out.push_back('=');
    AppendGoQuoted(l.value, &out);
  }
  out.push_back('}');
  return out;
}

Labels Labels::WithoutEmpty() const {
  size_t keep_bytes = 0, keep_count = 0;
  for (const Label& l : *this) {
    if (l.value.empty()) continue;
    keep_bytes += EncodedSize(l.name) + EncodedSize(l.value);
    keep_count++;
  }
  if (keep_count == size()) return *this;
  if (keep_count == 0) return Labels();
  Labels out = Allocate(keep_bytes, keep_count);
  uint8_t* p = out.PairData();
  for (const Label& l : *this) {
    if (l.value.empty()) continue;
    p = WriteString(p, l.name);
    p = WriteString(p, l.value);
  }
  return out;
}

bool Labels::HasDuplicateLabelNames(std::string_view* name) const {
  std::optional<std::string_view> prev;
  for (const Label& l : *this) {
    if (prev == l.name) {
      if (name != nullptr) *name = l.name;
      return true;
    }
    prev = l.name;
  }
  return false;
}

Status Labels::ValidateForHead() const {
  // Same checks as on WithoutEmpty(): empty-valued pairs are skipped, so the
  // duplicate check compares each kept name with the previous kept one.
  std::optional<std::string_view> prev;
  for (const Label& l : *this) {
    if (l.value.empty()) continue;
    if (prev == l.name) {
      return Status::InvalidArgument("label name \"" + std::string(l.name) +
                                     "\" is not unique: invalid sample");
    }
    prev = l.name;
  }
  if (!prev.has_value()) return Status::InvalidArgument("empty labelset: invalid sample");
  return Status::Ok();
}

int Labels::Compare(const Labels& other) const {
  auto a = begin(), b = other.begin();
  const auto a_end = end(), b_end = other.end();
  for (; a != a_end && b != b_end; ++a, ++b) {
    if (const int c = a->name.compare(b->name); c != 0) return c < 0 ? -1 : 1;
    if (const int c = a->value.compare(b->value); c != 0) return c < 0 ? -1 : 1;
  }
  return static_cast<int>(size()) - static_cast<int>(other.size());
}

bool operator==(const Labels& a, const Labels& b) {
  // Shortest-form lengths make the encoding canonical: equal pairs, equal bytes.
  const ByteView x = a.EncodedPairs(), y = b.EncodedPairs();
  return x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size()) == 0);
}

}  // namespace tsdb
