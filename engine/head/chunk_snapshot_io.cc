// Chunk snapshot directories: naming, finding the newest, writing one the
// way 2.42's Head.ChunkSnapshot does, reading one back, deleting old ones.
#include <cinttypes>
#include <cstdio>
#include <string_view>

#include "engine/head/chunk_snapshot.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/wal.h"

namespace tsdb::head {

namespace sf = snapshot_format;

std::string ChunkSnapshotDirName(int wal_segment, int64_t wal_offset) {
  char name[64];
  std::snprintf(name, sizeof name, "%.*s%0*d.%0*" PRId64, static_cast<int>(sf::kDirPrefix.size()),
                sf::kDirPrefix.data(), sf::kSegmentDigits, wal_segment, sf::kOffsetDigits,
                wal_offset);
  return name;
}

namespace {

// Go's strconv.Atoi on a 64-bit platform: an optional sign, then one or more
// decimal digits, in range.
std::optional<int64_t> GoAtoi(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto d = static_cast<uint64_t>(c - '0');
    if (v > (limit - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return negative ? static_cast<int64_t>(~v + 1) : static_cast<int64_t>(v);
}

// The position in a snapshot's name: the part after the prefix must split on
// '.' into exactly two integers. Segments outside int are not ours to read.
std::optional<SnapshotPosition> ParseSnapshotName(std::string_view name) {
  if (name.substr(0, sf::kDirPrefix.size()) != sf::kDirPrefix) return std::nullopt;
  const std::string_view rest = name.substr(sf::kDirPrefix.size());
  const size_t dot = rest.find('.');
  if (dot == std::string_view::npos || rest.find('.', dot + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  const auto segment = GoAtoi(rest.substr(0, dot));
  const auto offset = GoAtoi(rest.substr(dot + 1));
  if (!segment || !offset || *segment < INT32_MIN || *segment > INT32_MAX) return std::nullopt;
  return SnapshotPosition{static_cast<int>(*segment), *offset};
}

bool HasSnapshotPrefix(const std::string& name) { return name.rfind(sf::kDirPrefix, 0) == 0; }

}  // namespace

Result<ChunkSnapshotRef> LastChunkSnapshot(Filesystem& fs, const std::string& data_dir) {
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs.List(data_dir));
  SnapshotPosition best{-1, -1};
  std::string best_name;
  for (const auto& e : entries) {
    if (!HasSnapshotPrefix(e.name)) continue;
    if (!e.is_dir) return Status::InvalidArgument("chunk snapshot " + e.name + " is not a directory");
    const auto pos = ParseSnapshotName(e.name);
    if (!pos) continue;
    if (*pos > best) {
      best = *pos;
      best_name = e.name;
    }
  }
  if (best_name.empty()) return Status::NotFound("not found");
  return ChunkSnapshotRef{JoinPath(data_dir, best_name), best};
}

Status DeleteChunkSnapshots(Filesystem& fs, const std::string& data_dir, SnapshotPosition below) {
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs.List(data_dir));
  Status first;
  for (const auto& e : entries) {
    const auto pos = ParseSnapshotName(e.name);
    if (!pos || !(*pos < below)) continue;
    const Status s = fs.RemoveAll(JoinPath(data_dir, e.name));
    if (!s.ok() && first.ok()) first = s;
  }
  return first;
}

namespace {

// Logs the snapshot's records into the open WAL of its temporary directory.
Status LogRecords(wlog::Wal& wal, const SnapshotSeriesSource& series,
                  const tombstones::MemTombstones& tombstones,
                  std::span<const record::RefExemplar> exemplars, ChunkSnapshotWriteStats* stats) {
  Bytes buf;
  std::vector<size_t> ends;  // end offset in buf of each record
  const auto flush = [&]() -> Status {
    std::vector<ByteView> recs;
    size_t start = 0;
    for (size_t end : ends) {
      recs.emplace_back(buf.data() + start, end - start);
      start = end;
    }
    TSDB_RETURN_IF_ERROR(wal.Log(recs).Wrap("flush records"));
    buf.clear();
    ends.clear();
    return {};
  };
  while (series(&buf)) {
    ends.push_back(buf.size());
    stats->total_series++;
    if (buf.size() > sf::kSeriesFlushBytes) TSDB_RETURN_IF_ERROR(flush());
  }
  // The tombstones go with the last series batch.
  EncodeSnapshotTombstones(tombstones, &buf);
  ends.push_back(buf.size());
  TSDB_RETURN_IF_ERROR(flush());
  for (size_t i = 0; i < exemplars.size(); i += sf::kMaxExemplarsPerRecord) {
    const size_t n = std::min(sf::kMaxExemplarsPerRecord, exemplars.size() - i);
    buf.clear();
    EncodeSnapshotExemplars(exemplars.subspan(i, n), &buf);
    TSDB_RETURN_IF_ERROR(wal.Log(buf).Wrap("log exemplars").Wrap("flush exemplars"));
  }
  return {};
}

}  // namespace

Result<ChunkSnapshotWriteStats> WriteChunkSnapshot(Filesystem& fs, const std::string& data_dir,
                                                   SnapshotPosition position,
                                                   const SnapshotSeriesSource& series,
                                                   const tombstones::MemTombstones& tombstones,
                                                   std::span<const record::RefExemplar> exemplars,
                                                   ChunkSnapshotWriteOptions options) {
  ChunkSnapshotWriteStats stats;
  auto last = LastChunkSnapshot(fs, data_dir);
  if (!last.ok() && last.status().code() != StatusCode::kNotFound) {
    return last.status().Wrap("find last chunk snapshot");
  }
  if (last.ok() && last->position == position) {
    stats.skipped = true;  // nothing was written since that snapshot
    return stats;
  }
  const std::string dir = JoinPath(data_dir, ChunkSnapshotDirName(position.segment, position.offset));
  const std::string tmp = dir + std::string(sf::kTmpSuffix);
  // Like 2.42, a leftover tmp directory is not cleared first.
  TSDB_RETURN_IF_ERROR(fs.MkdirAll(tmp).Wrap("create chunk snapshot dir"));
  auto wal = wlog::Wal::Open(&fs, tmp, {.compress = options.compress}, nullptr);
  if (!wal.ok()) {
    (void)fs.RemoveAll(tmp);
    return wal.status().Wrap("open chunk snapshot");
  }
  Status s = LogRecords(**wal, series, tombstones, exemplars, &stats);
  if (s.ok()) s = (*wal)->Close().Wrap("close chunk snapshot");
  if (s.ok()) {
    // 2.42's fileutil.Replace: drop an existing directory, rename, then
    // fsync the parent so the rename is durable.
    auto info = fs.Stat(dir);
    if (info.ok() && info->is_dir) s = fs.RemoveAll(dir);
    if (s.ok()) s = fs.Rename(tmp, dir);
    if (s.ok()) s = fs.SyncDir(data_dir);
    s = s.ok() ? s : s.Wrap("rename chunk snapshot directory");
  }
  wal->reset();  // closes the segment if a failure left it open
  if (!s.ok()) {
    (void)fs.RemoveAll(tmp);
    return s;
  }
  stats.dir = dir;
  stats.delete_old = DeleteChunkSnapshots(fs, data_dir, position);
  return stats;
}

Result<ChunkSnapshotWriteStats> WriteChunkSnapshot(Filesystem& fs, const std::string& data_dir,
                                                   SnapshotPosition position,
                                                   const ChunkSnapshotContents& contents,
                                                   ChunkSnapshotWriteOptions options) {
  size_t next = 0;
  int64_t with_chunk = 0;
  const SnapshotSeriesSource source = [&](Bytes* out) {
    if (next == contents.series.size()) return false;
    const SnapshotSeries& s = contents.series[next++];
    if (s.head_chunk.has_value()) with_chunk++;
    EncodeSnapshotSeries(s, out);
    return true;
  };
  auto stats = WriteChunkSnapshot(fs, data_dir, position, source, contents.tombstones,
                                  contents.exemplars, options);
  if (stats.ok()) stats->series_with_chunk = with_chunk;
  return stats;
}

Result<ChunkSnapshot> ReadChunkSnapshotDir(Filesystem& fs, const ChunkSnapshotRef& ref,
                                           ChunkSnapshotReadOptions options) {
  ChunkSnapshot snap;
  snap.ref = ref;
  auto segments = wlog::SegmentRangeReader::OpenDir(fs, ref.dir);
  if (!segments.ok()) return segments.status().Wrap("open chunk snapshot " + ref.dir);
  wlog::Reader& r = (*segments)->reader();
  // A record that does not decode is reported where the reader stands: the
  // segment file and the offset just past the record.
  const auto at_record = [&](const Status& s, const char* what) {
    const wlog::CorruptionError where{r.SegmentDir(), r.Segment(), r.SegmentOffset(),
                                      std::string(what) + ": " + s.message()};
    return Status::Corruption(where.ToString()).Wrap("read chunk snapshot");
  };
  while (r.Next()) {
    const ByteView rec = r.Record();
    snap.records++;
    if (rec.empty()) return at_record(Status::Corruption("empty record"), "decode loop");
    switch (static_cast<sf::RecordType>(rec[0])) {
      case sf::RecordType::kSeries: {
        SnapshotSeries s;
        if (Status st = DecodeSnapshotSeries(rec, &s); !st.ok()) {
          return at_record(st, "decode series record");
        }
        snap.contents.series.push_back(std::move(s));
        break;
      }
      case sf::RecordType::kTombstones:
        if (Status st = DecodeSnapshotTombstones(rec, &snap.contents.tombstones); !st.ok()) {
          return at_record(st, "decode tombstones");
        }
        break;
      case sf::RecordType::kExemplars:
        if (!options.decode_exemplars) {
          snap.exemplar_records_skipped++;
          break;
        }
        if (Status st = DecodeSnapshotExemplars(rec, &snap.contents.exemplars); !st.ok()) {
          return at_record(st, "decode exemplars");
        }
        break;
      default: {
        // 2.42's message, its spelling included.
        std::string bits;
        for (uint8_t b = rec[0]; b != 0; b = static_cast<uint8_t>(b >> 1)) {
          bits.insert(bits.begin(), static_cast<char>('0' + (b & 1)));
        }
        if (bits.empty()) bits = "0";
        return at_record(Status::Corruption("unsuported snapshot record type 0b" + bits), "decode loop");
      }
    }
  }
  if (r.Err().has_value()) {
    return Status::Corruption(r.Err()->ToString()).Wrap("read records").Wrap("read chunk snapshot");
  }
  return snap;
}

Result<ChunkSnapshot> ReadChunkSnapshot(Filesystem& fs, const std::string& data_dir,
                                        ChunkSnapshotReadOptions options) {
  auto last = LastChunkSnapshot(fs, data_dir);
  if (!last.ok()) {
    if (last.status().code() == StatusCode::kNotFound) return last.status();
    return last.status().Wrap("find last chunk snapshot");
  }
  return ReadChunkSnapshotDir(fs, *last, options);
}

}  // namespace tsdb::head
