// Building Labels: from caller pairs (LabelsBuilder, FromStrings) and from
// WAL bytes (DecodePairs).
#include <algorithm>
#include <cstring>

#include "engine/labels/labels.h"
#include "engine/labels/labels_encoding.h"

namespace tsdb {

using labels_internal::EncodedSize;
using labels_internal::WriteString;

Labels Labels::FromStrings(std::initializer_list<std::string_view> name_values) {
  TSDB_ASSERT(name_values.size() % 2 == 0);
  LabelsBuilder b;
  for (auto it = name_values.begin(); it != name_values.end(); it += 2) b.Add(it[0], it[1]);
  b.Sort();
  return b.Build();
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
