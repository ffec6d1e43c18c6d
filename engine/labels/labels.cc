#include "engine/labels/labels.h"

#include <algorithm>
#include <cstring>

#define XXH_STATIC_LINKING_ONLY  // XXH64_state_t on the stack, no heap state
#include <xxhash.h>

#include "engine/labels/go_quote.h"

namespace tsdb {
namespace {

// Reads a length from a block built by this file: always valid, shortest form.
inline size_t ReadLength(const uint8_t*& p) {
  if (*p < 0x80) return *p++;
  uint64_t v = 0;
  const int n = DecodeUvarint(p, kMaxVarintBytes, &v);
  TSDB_ASSERT(n > 0);
  p += n;
  return static_cast<size_t>(v);
}

inline uint8_t* WriteString(uint8_t* p, std::string_view s) {
  p += EncodeUvarint(p, s.size());
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

inline size_t EncodedSize(std::string_view s) { return static_cast<size_t>(UvarintSize(s.size())) + s.size(); }

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

Labels Labels::FromStrings(std::initializer_list<std::string_view> name_values) {
  TSDB_ASSERT(name_values.size() % 2 == 0);
  LabelsBuilder b;
  for (auto it = name_values.begin(); it != name_values.end(); it += 2) b.Add(it[0], it[1]);
  b.Sort();
  return b.Build();
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

bool Labels::DecodePairs(Decbuf* dec, size_t count, Labels* out) {
  TSDB_ASSERT(count <= SIZE_MAX / 2);
  const uint8_t* start = dec->rest().data();
  size_t canonical_bytes = 0;
  bool canonical = true;  // every length already in shortest form
  for (size_t i = 0; i < count * 2 && dec->ok(); i++) {
    const uint8_t* before = dec->rest().data();
    const std::string_view s = dec->UvarintStr();
    if (!dec->ok()) break;
    const size_t prefix = static_cast<size_t>(reinterpret_cast<const uint8_t*>(s.data()) - before);
    canonical = canonical && prefix == static_cast<size_t>(UvarintSize(s.size()));
    canonical_bytes += EncodedSize(s);
  }
  if (!dec->ok() || canonical_bytes > kMaxEncodedBytes) return false;
  if (count == 0) {
    *out = Labels();
    return true;
  }
  Labels l = Allocate(canonical_bytes, count);
  if (canonical) {
    std::memcpy(l.PairData(), start, canonical_bytes);
  } else {
    // Rare: a writer used padded varints. Re-encode so equality stays bytewise.
    Decbuf again(ByteView(start, static_cast<size_t>(dec->rest().data() - start)));
    uint8_t* p = l.PairData();
    for (size_t i = 0; i < count * 2; i++) p = WriteString(p, again.UvarintStr());
  }
  *out = std::move(l);
  return true;
}

void LabelsBuilder::Reset() {
  arena_.clear();
  pairs_.clear();
}

void LabelsBuilder::Add(std::string_view name, std::string_view value) {
  const size_t name_off = arena_.size();
  arena_.append(name);
  const size_t value_off = arena_.size();
  arena_.append(value);
  pairs_.push_back({name_off, name.size(), value_off, value.size()});
}

void LabelsBuilder::Sort() {
  std::stable_sort(pairs_.begin(), pairs_.end(),
                   [this](const Pair& a, const Pair& b) { return NameOf(a) < NameOf(b); });
}

Labels LabelsBuilder::Build() const {
  if (pairs_.empty()) return Labels();
  size_t bytes = 0;
  for (const Pair& p : pairs_) bytes += EncodedSize(NameOf(p)) + EncodedSize(ValueOf(p));
  Labels l = Labels::Allocate(bytes, pairs_.size());
  uint8_t* out = l.PairData();
  for (const Pair& p : pairs_) {
    out = WriteString(out, NameOf(p));
    out = WriteString(out, ValueOf(p));
  }
  return l;
}

}  // namespace tsdb
