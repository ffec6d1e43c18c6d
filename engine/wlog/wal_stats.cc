#include "engine/wlog/wal_stats.h"

#include <algorithm>

#include "engine/record/record.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"

namespace tsdb::wlog {

int RecordTypeSlot(record::Type type) {
  const int t = static_cast<int>(type);
  return t >= 1 && t < kRecordTypeSlots ? t : 0;
}

const char* RecordTypeSlotName(int slot) {
  if (slot <= 0 || slot >= kRecordTypeSlots) return "unknown";
  return record::TypeName(static_cast<record::Type>(slot));
}

int64_t WalFileStats::records() const {
  int64_t n = 0;
  for (int64_t c : records_by_type) n += c;
  return n;
}

void WalFileStats::Add(const WalFileStats& o) {
  size_bytes += o.size_bytes;
  for (int i = 0; i < kRecordTypeSlots; i++) records_by_type[i] += o.records_by_type[i];
  series += o.series;
  samples += o.samples;
  tombstones += o.tombstones;
  exemplars += o.exemplars;
  histogram_samples += o.histogram_samples;
  metadata += o.metadata;
  min_time_ms = std::min(min_time_ms, o.min_time_ms);
  max_time_ms = std::max(max_time_ms, o.max_time_ms);
}

namespace {

// Scratch vectors reused across records so counting allocates little.
struct Scratch {
  std::vector<record::RefSeries> series;
  std::vector<record::RefSample> samples;
  std::vector<record::Stone> stones;
  std::vector<record::RefExemplar> exemplars;
  std::vector<record::RefMetadata> metadata;
  std::vector<record::RefMmapMarker> markers;
  std::vector<record::RefHistogramSample> histograms;
  std::vector<record::RefFloatHistogramSample> float_histograms;
};

// Decodes one record into the counts; returns the decode error, if any,
// prefixed the way 2.42's replay prefixes it.
Status CountRecord(ByteView rec, Scratch& s, WalFileStats* st) {
  const record::Type type = record::GetType(rec);
  st->records_by_type[static_cast<size_t>(RecordTypeSlot(type))]++;
  switch (type) {
    case record::Type::kSeries:
      s.series.clear();
      TSDB_RETURN_IF_ERROR(record::DecodeSeries(rec, &s.series).Wrap("decode series"));
      st->series += static_cast<int64_t>(s.series.size());
      return {};
    case record::Type::kSamples:
      s.samples.clear();
      TSDB_RETURN_IF_ERROR(record::DecodeSamples(rec, &s.samples).Wrap("decode samples"));
      st->samples += static_cast<int64_t>(s.samples.size());
      for (const auto& x : s.samples) {
        st->min_time_ms = std::min(st->min_time_ms, x.t);
        st->max_time_ms = std::max(st->max_time_ms, x.t);
      }
      return {};
    case record::Type::kTombstones:
      s.stones.clear();
      TSDB_RETURN_IF_ERROR(record::DecodeTombstones(rec, &s.stones).Wrap("decode tombstones"));
      st->tombstones += static_cast<int64_t>(s.stones.size());
      return {};
    case record::Type::kExemplars:
      s.exemplars.clear();
      TSDB_RETURN_IF_ERROR(record::DecodeExemplars(rec, &s.exemplars).Wrap("decode exemplars"));
      st->exemplars += static_cast<int64_t>(s.exemplars.size());
      return {};
    case record::Type::kMetadata:
      s.metadata.clear();
      TSDB_RETURN_IF_ERROR(record::DecodeMetadata(rec, &s.metadata).Wrap("decode metadata"));
      st->metadata += static_cast<int64_t>(s.metadata.size());
      return {};
    case record::Type::kMmapMarkers:
      s.markers.clear();
      return record::DecodeMmapMarkers(rec, &s.markers).Wrap("decode mmap markers");
    case record::Type::kHistogramSamples:
      s.histograms.clear();
      TSDB_RETURN_IF_ERROR(
          record::DecodeHistogramSamples(rec, &s.histograms).Wrap("decode histograms"));
      st->histogram_samples += static_cast<int64_t>(s.histograms.size());
      return {};
    case record::Type::kFloatHistogramSamples:
      s.float_histograms.clear();
      TSDB_RETURN_IF_ERROR(record::DecodeFloatHistogramSamples(rec, &s.float_histograms)
                               .Wrap("decode float histograms"));
      st->histogram_samples += static_cast<int64_t>(s.float_histograms.size());
      return {};
    case record::Type::kUnknown:
      return {};  // 2.42's replay skips unknown records silently
  }
  return {};
}

void ReadAll(Reader& r, const std::string& dir, Scratch& scratch, WalFileStats* st) {
  while (r.Next()) {
    const Status s = CountRecord(r.Record(), scratch, st);
    if (!s.ok()) {
      st->corruption = CorruptionError{dir, r.Segment(), r.Offset(), s.message()};
      return;
    }
  }
  if (r.Err().has_value()) st->corruption = *r.Err();
}

int64_t DirSize(Filesystem& fs, const std::string& dir) {
  auto refs = ListSegments(fs, dir);
  if (!refs.ok()) return 0;
  int64_t n = 0;
  for (const auto& r : *refs) {
    auto info = fs.Stat(JoinPath(dir, r.name));
    if (info.ok()) n += static_cast<int64_t>(info->size_bytes);
  }
  return n;
}

}  // namespace

Result<WalStats> InspectWal(Filesystem& fs, const std::string& wal_dir) {
  WalStats out;
  out.dir = wal_dir;
  Scratch scratch;
  TSDB_ASSIGN_OR_RETURN(const auto checkpoints, ListCheckpoints(fs, wal_dir));
  TSDB_ASSIGN_OR_RETURN(const auto segments, ListSegments(fs, wal_dir));
  const int newest = checkpoints.empty() ? -1 : checkpoints.back().index;

  for (const auto& c : checkpoints) {
    WalFileStats st;
    st.name = c.name;
    st.is_checkpoint = true;
    st.index = c.index;
    st.replayed = c.index == newest;
    const std::string dir = JoinPath(wal_dir, c.name);
    st.size_bytes = DirSize(fs, dir);
    auto reader = SegmentRangeReader::OpenDir(fs, dir);
    if (!reader.ok()) {
      st.corruption = CorruptionError{dir, -1, 0, reader.status().message()};
    } else {
      ReadAll((*reader)->reader(), dir, scratch, &st);
    }
    out.files.push_back(std::move(st));
  }
  for (const auto& seg : segments) {
    WalFileStats st;
    st.name = seg.name;
    st.index = seg.index;
    st.replayed = seg.index > newest;
    auto reader = SegmentRangeReader::Open(fs, wal_dir, seg.index, seg.index);
    if (!reader.ok()) {
      st.corruption = CorruptionError{wal_dir, seg.index, 0, reader.status().message()};
    } else {
      auto info = fs.Stat(JoinPath(wal_dir, seg.name));
      st.size_bytes = info.ok() ? static_cast<int64_t>(info->size_bytes) : 0;
      ReadAll((*reader)->reader(), wal_dir, scratch, &st);
    }
    out.files.push_back(std::move(st));
  }
  out.total.name = "total";
  for (const auto& f : out.files) {
    if (f.replayed) out.total.Add(f);
  }
  return out;
}

}  // namespace tsdb::wlog
