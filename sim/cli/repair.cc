// tsdbsim repair DIR: does to a data directory, offline, what Prometheus 2.42
// does at startup when its WAL or chunks_head/ files are corrupt. DIR is
// opened with tsdbsim's DB (which replays and repairs exactly as 2.42's
// DB.open does) and closed again; the report says what was dropped:
//
// * WAL: the segment and offset replay stopped at, with 2.42's message, the
//   records kept in the rewritten segment, the segments deleted, the bytes
//   dropped, and how many records and samples went with them. The dropped
//   records are counted from the files as they were before the repair (kept
//   mapped across the open, so they can be read even after the repair has
//   unlinked them). Past the corruption point a segment is read on by
//   resynchronising at the next page boundary, so the count covers the rest
//   of the corrupt segment too, not just the segments deleted after it.
// * chunks_head/: the error replay met (2.42's "Loading on-disk chunks
//   failed"), which files were deleted, and the chunks on disk before and
//   after.
//
// Exit status: 0 nothing needed repair, 1 something was repaired (or
// dropped), 2 bad input (not a data directory, in use, or 2.42 would refuse
// to open it).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/base/crc32c.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/base/realtime_clock.h"
#include "engine/block/ulid.h"
#include "engine/chunks/head_chunk_reader.h"
#include "engine/db/db.h"
#include "engine/db/go_format.h"
#include "engine/record/record.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"
#include "engine/wlog/wlog_format.h"
#include "sim/cli/copy_tree.h"
#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {

using tsdb::ByteView;
using tsdb::Bytes;
using tsdb::wlog::kPageSizeBytes;
using tsdb::wlog::kRecordHeaderBytes;

struct RepairOptions {
  std::string dir;
  std::string chunk_range_text;  // --chunk-range-ms, parsed by RunRepair
  int64_t chunk_range_ms = 2 * 3600 * 1000;
  bool dry_run = false;
  bool wal_compression = true;  // Prometheus's server default
};

// ---------------------------------------------------------------------------
// Counting WAL records and samples.

// Per-series upper bound of the m-mapped chunks left in chunks_head/: replay
// skips WAL samples at or below it, so such samples are not lost.
using MmapMaxTime = std::unordered_map<uint64_t, int64_t>;

struct Tally {
  int64_t records = 0;
  int64_t series = 0;         // entries of series records
  int64_t sample_records = 0;
  int64_t samples = 0;        // float samples
  int64_t other_records = 0;  // tombstones, exemplars, metadata, histograms, unknown
  // Of the samples: older than the newest block (replay skips them), at or
  // below the series' m-mapped chunks (replay skips them too), the rest.
  int64_t samples_below_blocks = 0;
  int64_t samples_in_mmapped = 0;
  int64_t samples_head = 0;

  void Add(const Tally& o) {
    records += o.records;
    series += o.series;
    sample_records += o.sample_records;
    samples += o.samples;
    other_records += o.other_records;
    samples_below_blocks += o.samples_below_blocks;
    samples_in_mmapped += o.samples_in_mmapped;
    samples_head += o.samples_head;
  }
  void Sub(const Tally& o) {
    records -= o.records;
    series -= o.series;
    sample_records -= o.sample_records;
    samples -= o.samples;
    other_records -= o.other_records;
    samples_below_blocks -= o.samples_below_blocks;
    samples_in_mmapped -= o.samples_in_mmapped;
    samples_head -= o.samples_head;
  }
};

struct Classifier {
  int64_t min_valid_time = std::numeric_limits<int64_t>::min();
  const MmapMaxTime* mmapped = nullptr;
};

// Decodes a record as replay does (series, samples and tombstones are
// decoded; a decode error is corruption) and counts it.
tsdb::Status CountRecord(ByteView rec, const Classifier& cls, Tally* t) {
  thread_local std::vector<tsdb::record::RefSeries> series;
  thread_local std::vector<tsdb::record::RefSample> samples;
  thread_local std::vector<tsdb::record::Stone> stones;
  switch (tsdb::record::GetType(rec)) {
    case tsdb::record::Type::kSeries:
      series.clear();
      TSDB_RETURN_IF_ERROR(tsdb::record::DecodeSeries(rec, &series).Wrap("decode series"));
      t->series += static_cast<int64_t>(series.size());
      break;
    case tsdb::record::Type::kSamples:
      samples.clear();
      TSDB_RETURN_IF_ERROR(tsdb::record::DecodeSamples(rec, &samples).Wrap("decode samples"));
      t->sample_records++;
      t->samples += static_cast<int64_t>(samples.size());
      for (const auto& s : samples) {
        if (s.t < cls.min_valid_time) {
          t->samples_below_blocks++;
          continue;
        }
        if (cls.mmapped != nullptr) {
          auto it = cls.mmapped->find(s.ref);
          if (it != cls.mmapped->end() && s.t <= it->second) {
            t->samples_in_mmapped++;
            continue;
          }
        }
        t->samples_head++;
      }
      break;
    case tsdb::record::Type::kTombstones:
      stones.clear();
      TSDB_RETURN_IF_ERROR(tsdb::record::DecodeTombstones(rec, &stones).Wrap("decode tombstones"));
      t->other_records++;
      break;
    default:
      t->other_records++;
      break;
  }
  t->records++;
  return {};
}

// One WAL segment read as replay reads it, then on past the first error.
struct SegmentScan {
  Tally readable;                    // records read before the first error
  std::optional<std::string> error;  // the first error, as 2.42 words it
  int64_t error_offset = 0;
  Tally resynced;                    // records read after it, by resynchronising
  int resyncs = 0;                   // page boundaries reading restarted at
  // Bytes passed over: from the end of the last record read before an error
  // to where reading restarted (or the end of the file). Records in them
  // cannot be counted.
  int64_t unreadable_bytes = 0;
};

// What one reader got through: the error it stopped at, if any, where
// (bytes from the reader's start), and where its last counted record ended.
struct Run {
  std::optional<std::string> error;
  int64_t error_pos = 0;
  int64_t good_end = 0;
};

// Reads and counts records until the end or an error. skip_first: the first
// record is the tail of one that began before the reader's start; it is
// passed over, not counted.
Run ReadRecords(tsdb::wlog::Reader& r, const Classifier& cls, bool skip_first, Tally* t,
                const std::function<int64_t()>& err_pos_fn) {
  Run run;
  bool first = true;
  while (r.Next()) {
    if (std::exchange(first, false) && skip_first) continue;
    if (tsdb::Status s = CountRecord(r.Record(), cls, t); !s.ok()) {
      run.error = s.message();
      run.error_pos = r.Offset();
      return run;
    }
    run.good_end = r.Offset();
  }
  if (r.Err().has_value()) {
    run.error = r.Err()->reason;
    run.error_pos = err_pos_fn();
  }
  return run;
}

SegmentScan ScanSegment(ByteView seg, int index, const std::string& dir, const Classifier& cls) {
  SegmentScan out;
  Run run;
  {
    tsdb::wlog::Reader r(dir, {{index, seg, dir}}, /*virtual_padding=*/true);
    run = ReadRecords(r, cls, false, &out.readable, [&r] { return r.Err()->offset; });
  }
  if (!run.error.has_value()) return out;
  out.error = run.error;
  out.error_offset = run.error_pos;

  // Resynchronise: restart at the next page boundary. A page that starts
  // with the middle or last fragment of a record is read with that fragment
  // turned into a full record (passed over), so the page layout is kept.
  const auto size = static_cast<int64_t>(seg.size());
  int64_t gap_from = run.good_end;  // where the bytes nobody could read begin
  int64_t err_at = run.error_pos;
  int64_t page = (err_at + kPageSizeBytes - 1) / kPageSizeBytes;
  while (page * kPageSizeBytes < size) {
    const int64_t start = page * kPageSizeBytes;
    out.unreadable_bytes += std::max<int64_t>(0, start - gap_from);
    out.resyncs++;
    const int64_t first_len = std::min<int64_t>(kPageSizeBytes, size - start);
    Bytes first_page(seg.begin() + start, seg.begin() + start + first_len);
    bool skip_first = false;
    int64_t skipped_len = 0;
    const auto type = tsdb::wlog::FragmentTypeOf(first_page[0]);
    if ((type == tsdb::wlog::FragmentType::kMiddle || type == tsdb::wlog::FragmentType::kLast) &&
        first_len >= kRecordHeaderBytes) {
      const int64_t len = tsdb::GetBE16(first_page.data() + 1);
      if (kRecordHeaderBytes + len <= first_len) {
        first_page[0] = static_cast<uint8_t>(tsdb::wlog::FragmentType::kFull);
        const uint32_t crc =
            tsdb::Crc32c(ByteView(first_page.data() + kRecordHeaderBytes, static_cast<size_t>(len)));
        tsdb::PutBE32(first_page.data() + 3, crc);
        skip_first = true;
        skipped_len = kRecordHeaderBytes + len;
      }
    }
    // Pieces are told apart by index: 0 the patched first page, 1 the rest.
    std::vector<tsdb::wlog::SegmentBytes> pieces{{0, first_page, dir}};
    if (start + first_len < size) {
      pieces.push_back({1, seg.subspan(static_cast<size_t>(start + first_len)), dir});
    }
    tsdb::wlog::Reader r(dir, std::move(pieces), /*virtual_padding=*/true);
    run = ReadRecords(r, cls, skip_first, &out.resynced, [&r, first_len] {
      return r.Err()->offset + (r.Err()->segment == 1 ? first_len : 0);
    });
    // The passed-over tail fragment could not be read either.
    out.unreadable_bytes += skipped_len;
    if (!run.error.has_value()) return out;
    gap_from = start + std::max(run.good_end, skipped_len);
    err_at = start + run.error_pos;
    page = std::max(page + 1, (err_at + kPageSizeBytes - 1) / kPageSizeBytes);
  }
  out.unreadable_bytes += std::max<int64_t>(0, size - gap_from);
  return out;
}

// ---------------------------------------------------------------------------
// Files on disk.

struct FileId {
  uint64_t dev = 0, ino = 0;
  int64_t size = 0, mtime_ns = 0;
  bool operator==(const FileId&) const = default;
};

std::optional<FileId> StatFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino),
                static_cast<int64_t>(st.st_size),
                static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// A WAL segment as it was before the open, mapped so it stays readable
// after the repair has renamed or unlinked it.
struct WalSegmentBefore {
  int index = 0;
  std::string name;
  int64_t size = 0;
  std::unique_ptr<tsdb::MappedFile> map;
};

struct ChunkFile {
  uint32_t number = 0;
  std::string name;
  FileId id;
  int64_t chunks = 0;                // entries replay reads (up to the first error)
  std::optional<std::string> error;  // what replay stops at: header or entry corruption
  int64_t entries = 0;               // entries on disk, walked without stopping at bad CRCs
  int64_t bad_crc = 0;               // of which with a checksum mismatch
  std::optional<int64_t> unparseable_from;  // where the walk lost the entry structure
};

// Walks the entries of a head chunk file by their lengths alone, past bad
// checksums, to count what was on disk (replay stops at the first error).
void WalkEntries(ByteView b, ChunkFile* f) {
  constexpr size_t kHeader = 8, kMeta = 8 + 8 + 8 + 1, kCrc = 4;
  size_t off = kHeader;
  while (off < b.size()) {
    if (std::all_of(b.begin() + static_cast<std::ptrdiff_t>(off), b.end(), [](uint8_t c) { return c == 0; })) return;
    if (off + kMeta >= b.size()) break;
    const uint8_t* p = b.data() + off;
    if (tsdb::GetBE64(p) == 0 && tsdb::GetBE64(p + 8) == 0 && tsdb::GetBE64(p + 16) == 0) return;
    size_t q = off + kMeta;
    uint64_t len = 0;
    int shift = 0;
    while (q < b.size() && shift < 35) {
      const uint8_t c = b[q++];
      len |= uint64_t{c & 0x7fu} << shift;
      shift += 7;
      if (c < 0x80) break;
    }
    if (shift >= 35 || len > b.size() || q + len + kCrc > b.size()) break;
    const uint32_t want = tsdb::GetBE32(b.data() + q + len);
    if (tsdb::Crc32c(b.subspan(off, q + len - off)) != want) f->bad_crc++;
    f->entries++;
    off = q + len + kCrc;
  }
  if (off < b.size()) f->unparseable_from = static_cast<int64_t>(off);
}

int ParseChunkFileNumber(const std::string& name) {
  if (name.empty() || name.size() > 9) return -1;
  for (char c : name) {
    if (c < '0' || c > '9') return -1;
  }
  return std::atoi(name.c_str());
}

// Every numbered file of chunks_head/, walked as replay walks it. When
// mmapped is given, records each series' highest chunk maxt >= min_valid.
std::vector<ChunkFile> ScanChunksDir(tsdb::Filesystem& fs, const std::string& dir, int64_t min_valid,
                                     MmapMaxTime* mmapped) {
  std::vector<ChunkFile> out;
  auto entries = fs.List(dir);
  if (!entries.ok()) return out;
  for (const auto& e : *entries) {
    const int n = ParseChunkFileNumber(e.name);
    if (e.is_dir || n < 0) continue;
    ChunkFile f;
    f.number = static_cast<uint32_t>(n);
    f.name = e.name;
    const std::string path = tsdb::JoinPath(dir, e.name);
    f.id = StatFile(path).value_or(FileId{});
    auto map = fs.MapReadOnly(path);
    if (!map.ok()) {
      f.error = map.status().message();
    } else {
      const tsdb::Status s = tsdb::chunks::IterateHeadChunkFile(
          (*map)->data(), f.number, [&](const tsdb::chunks::HeadChunkEntry& c) -> tsdb::Status {
            f.chunks++;
            if (mmapped != nullptr && c.maxt >= min_valid) {
              auto [it, inserted] = mmapped->emplace(c.series_ref, c.maxt);
              if (!inserted) it->second = std::max(it->second, c.maxt);
            }
            return {};
          });
      if (!s.ok()) f.error = s.message();
      if ((*map)->data().size() >= 8) WalkEntries((*map)->data(), &f);
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const ChunkFile& a, const ChunkFile& b) { return a.number < b.number; });
  return out;
}

int64_t TotalChunks(const std::vector<ChunkFile>& files) {
  int64_t n = 0;
  for (const auto& f : files) n += f.entries;
  return n;
}

std::string ChunkFileList(const std::vector<ChunkFile>& files) {
  if (files.empty()) return "no files";
  std::string s;
  for (const auto& f : files) {
    if (!s.empty()) s += ", ";
    s += f.name + " (" + std::to_string(f.entries);
    if (f.bad_crc > 0) s += ", " + std::to_string(f.bad_crc) + " with a bad checksum";
    if (f.unparseable_from) s += ", unparseable from offset " + std::to_string(*f.unparseable_from);
    s += ")";
  }
  return s;
}

// Holds an flock on DIR/lock, the way a running Prometheus does.
class DirLock {
 public:
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  // False (with *why) when another process holds the lock.
  bool TryLock(const std::string& dir, std::string* why) {
    const std::string path = tsdb::JoinPath(dir, "lock");
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return true;  // no lock file: nobody has it open
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
      *why = path + " is locked: a running Prometheus is using this directory; stop it first";
      return false;
    }
    return true;
  }

 private:
  int fd_ = -1;
};

bool LooksLikeDataDir(tsdb::Filesystem& fs, const std::string& dir) {
  auto entries = fs.List(dir);
  if (!entries.ok()) return false;
  for (const auto& e : *entries) {
    if (!e.is_dir) continue;
    if (e.name == "wal" || e.name == "chunks_head" || tsdb::block::Ulid::IsValid(e.name)) return true;
  }
  return false;
}

std::string Seg(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08d", index);
  return buf;
}

std::string SamplesLine(const Tally& t) {
  return std::to_string(t.records) + " records (" + std::to_string(t.series) + " series, " +
         std::to_string(t.samples) + " samples in " + std::to_string(t.sample_records) +
         " samples records, " + std::to_string(t.other_records) + " other records)";
}

// ---------------------------------------------------------------------------

int Fail(const std::string& msg, int code) {
  std::fprintf(stderr, "tsdbsim repair: %s\n", msg.c_str());
  return code;
}

int RunRepair(RepairOptions o) {
  tsdb::PosixFilesystem fs;
  tsdb::RealtimeClock clock;
  if (o.dir.empty()) return Fail("DIR is required", 2);
  if (!o.chunk_range_text.empty()) {
    const char* b = o.chunk_range_text.data();
    const char* e = b + o.chunk_range_text.size();
    const auto [p, ec] = std::from_chars(b, e, o.chunk_range_ms);
    if (ec != std::errc() || p != e || o.chunk_range_ms <= 0) {
      return Fail("--chunk-range-ms: want a positive number of milliseconds, got \"" + o.chunk_range_text + "\"", 2);
    }
  }
  auto info = fs.Stat(o.dir);
  if (!info.ok() || !info->is_dir) return Fail(o.dir + ": not a directory", 2);
  if (!LooksLikeDataDir(fs, o.dir)) {
    return Fail(o.dir + ": not a Prometheus data directory (no wal/, chunks_head/ or block)", 2);
  }
  DirLock lock;
  if (std::string why; !lock.TryLock(o.dir, &why)) return Fail(why, 2);

  // With --dry-run everything happens to a copy; DIR is only read.
  std::string target = o.dir;
  std::string work;
  struct Cleanup {
    tsdb::Filesystem* fs;
    std::string* work;
    ~Cleanup() {
      if (!work->empty()) (void)fs->RemoveAll(*work);
    }
  } cleanup{&fs, &work};
  if (o.dry_run) {
    char tmpl[] = "/tmp/tsdbsim-repair-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return Fail("cannot create a temporary directory", 2);
    work = tmpl;
    target = tsdb::JoinPath(work, "data");
    if (tsdb::Status s = CopyTree(fs, o.dir, target); !s.ok()) {
      return Fail("copy " + o.dir + ": " + s.ToString(), 2);
    }
  }
  const std::string wal_dir = tsdb::JoinPath(target, "wal");
  const std::string chunks_dir = tsdb::JoinPath(target, "chunks_head");

  // Before: the WAL segments (kept mapped) and the chunk files.
  std::vector<WalSegmentBefore> wal_before;
  if (tsdb::Exists(fs, wal_dir)) {
    auto refs = tsdb::wlog::ListSegments(fs, wal_dir);
    if (!refs.ok()) {
      return Fail("cannot open " + wal_dir + " as 2.42 would (it refuses to start): " +
                      refs.status().message(), 2);
    }
    for (const auto& r : *refs) {
      WalSegmentBefore w;
      w.index = r.index;
      w.name = r.name;
      auto map = fs.MapReadOnly(tsdb::JoinPath(wal_dir, r.name));
      if (!map.ok()) return Fail(map.status().ToString(), 2);
      w.map = std::move(map).value();
      w.size = static_cast<int64_t>(w.map->data().size());
      wal_before.push_back(std::move(w));
    }
  }
  const std::vector<ChunkFile> chunks_before =
      ScanChunksDir(fs, chunks_dir, std::numeric_limits<int64_t>::min(), nullptr);

  // The open 2.42 does at startup, then a clean close.
  tsdb::db::DbOptions opts;
  opts.head.chunk_range_ms = o.chunk_range_ms;
  opts.wal.compress = o.wal_compression;
  opts.compaction_enabled = false;  // startup only: no block is written
  tsdb::SplitMix64 random(1);
  tsdb::db::OpenReport report;
  const int64_t t0 = clock.MonotonicNs();
  auto db = tsdb::db::DB::Open(&fs, target, opts, &clock, &random, nullptr, nullptr, &report);
  if (!db.ok()) {
    std::string msg = "open failed as it would in Prometheus 2.42 (it refuses to start): " +
                      db.status().ToString();
    if (report.corruption.has_value()) msg += "\n  replay had stopped at: " + report.corruption->ToString();
    // A failed repair may already have deleted segments, as 2.42's does.
    std::string gone;
    for (const auto& w : wal_before) {
      if (!tsdb::Exists(fs, tsdb::JoinPath(wal_dir, w.name))) gone += " " + w.name;
    }
    if (!gone.empty()) {
      msg += std::string("\n  WAL segments the failed repair deleted (as 2.42's does)") +
             (o.dry_run ? " in the copy:" : ":") + gone;
    }
    if (!o.dry_run) msg += "\n  " + o.dir + " may have been changed partly";
    return Fail(msg, 2);
  }
  const int write_segment = (*db)->wal()->current_segment();
  const int64_t series_loaded = static_cast<int64_t>((*db)->head().NumSeries());
  if (tsdb::Status s = (*db)->Close(); !s.ok()) return Fail("close: " + s.ToString(), 2);
  db->reset();
  const int64_t open_ns = clock.MonotonicNs() - t0;

  // After.
  MmapMaxTime mmapped;
  const std::vector<ChunkFile> chunks_after = ScanChunksDir(fs, chunks_dir, report.min_valid_time, &mmapped);
  const Classifier cls{report.min_valid_time, &mmapped};

  bool repaired = false;
  std::printf("tsdbsim repair %s\n", o.dir.c_str());
  if (o.dry_run) {
    std::printf("dry run: what follows was done to a temporary copy (%s, removed again); %s is untouched\n",
                target.c_str(), o.dir.c_str());
  }
  std::printf("opened as Prometheus 2.42 does at startup (%s); head after replay: %lld series, %lld samples replayed\n",
              tsdb::db::GoDurationString(open_ns).c_str(), static_cast<long long>(series_loaded),
              static_cast<long long>(report.replay.samples_loaded));

  // --- leftovers of interrupted writes --------------------------------------
  if (!report.removed_tmp_dirs.empty()) {
    repaired = true;
    std::printf("\nleftovers of interrupted block writes/checkpoints deleted:\n");
    for (const auto& d : report.removed_tmp_dirs) std::printf("  %s\n", d.c_str());
  }

  // --- WAL -------------------------------------------------------------------
  std::printf("\nWAL (%s):\n", wal_dir.c_str());
  if (report.corruption.has_value()) {
    const auto& c = *report.corruption;
    std::printf("  replay stopped: %s\n", c.ToString().c_str());
    std::printf("  2.42 logs: msg=\"Encountered WAL read error, attempting repair\", then "
                "msg=\"Starting corruption repair\" segment=%d offset=%lld\n",
                c.segment, static_cast<long long>(c.offset));
    if (c.dir != wal_dir) {
      std::printf("  note: the corruption is in %s, not in wal/; 2.42 still repairs WAL segment %s\n",
                  c.dir.c_str(), Seg(c.segment).c_str());
    }
  }
  if (report.repair.has_value()) {
    repaired = true;
    const auto& rep = *report.repair;
    std::printf("  segment %s rewritten: %lld records kept (%lld of its %lld bytes)\n", Seg(rep.segment).c_str(),
                static_cast<long long>(rep.records_kept), static_cast<long long>(rep.kept_bytes),
                static_cast<long long>(rep.original_size_bytes));
    std::vector<int> deleted_existing;
    int64_t deleted_existing_bytes = 0;
    bool deleted_new = false;
    for (int d : rep.deleted_segments) {
      auto it = std::find_if(wal_before.begin(), wal_before.end(),
                             [d](const WalSegmentBefore& w) { return w.index == d; });
      if (it == wal_before.end()) {
        deleted_new = true;  // the empty write segment this open had created
        continue;
      }
      deleted_existing.push_back(d);
      deleted_existing_bytes += it->size;
    }
    if (deleted_existing.empty()) {
      std::printf("  segments deleted: none\n");
    } else {
      std::printf("  segments deleted:");
      for (int d : deleted_existing) {
        auto it = std::find_if(wal_before.begin(), wal_before.end(),
                               [d](const WalSegmentBefore& w) { return w.index == d; });
        std::printf("%s %s (%lld bytes)", d == deleted_existing.front() ? "" : ",", Seg(d).c_str(),
                    static_cast<long long>(it->size));
      }
      std::printf("\n");
    }
    if (deleted_new) {
      std::printf("  (also deleted: %s, the empty write segment this open had just created)\n",
                  Seg(wal_before.empty() ? 0 : wal_before.back().index + 1).c_str());
    }
    std::printf("  bytes dropped: %lld (%lld after the corruption point of %s, %lld in deleted segments)\n",
                static_cast<long long>(rep.original_size_bytes - rep.kept_bytes + deleted_existing_bytes),
                static_cast<long long>(rep.original_size_bytes - rep.kept_bytes), Seg(rep.segment).c_str(),
                static_cast<long long>(deleted_existing_bytes));

    // Records and samples dropped: what the files held before, minus what
    // the rewritten segment holds now.
    Tally dropped;
    int64_t unreadable = 0;
    auto before_of = [&](int index) -> const WalSegmentBefore* {
      for (const auto& w : wal_before) {
        if (w.index == index) return &w;
      }
      return nullptr;
    };
    if (const WalSegmentBefore* w = before_of(rep.segment); w != nullptr) {
      const SegmentScan before = ScanSegment(w->map->data(), w->index, wal_dir, cls);
      SegmentScan after;
      if (auto m = fs.MapReadOnly(tsdb::JoinPath(wal_dir, w->name)); m.ok()) {
        after = ScanSegment((*m)->data(), w->index, wal_dir, cls);
      }
      Tally lost_before = before.readable;
      lost_before.Sub(after.readable);
      Tally in_segment = lost_before;
      in_segment.Add(before.resynced);
      dropped.Add(in_segment);
      unreadable += before.unreadable_bytes;
      std::printf("  dropped from %s: %s\n", Seg(rep.segment).c_str(), SamplesLine(in_segment).c_str());
      std::printf("    read before the corruption point but not kept: %lld records\n",
                  static_cast<long long>(lost_before.records));
      std::printf("    past the corruption point, read on by resynchronising at page boundaries (%d "
                  "time(s)): %s\n",
                  before.resyncs, SamplesLine(before.resynced).c_str());
      std::printf("    unreadable: %lld bytes from the end of the last good record on; the records "
                  "in them cannot be counted\n",
                  static_cast<long long>(before.unreadable_bytes));
      if (after.readable.records != rep.records_kept) {
        std::printf("    warning: the rewritten segment reads back %lld records, the repair logged %lld\n",
                    static_cast<long long>(after.readable.records), static_cast<long long>(rep.records_kept));
      }
    }
    for (int d : deleted_existing) {
      const WalSegmentBefore* w = before_of(d);
      const SegmentScan s = ScanSegment(w->map->data(), w->index, wal_dir, cls);
      Tally t = s.readable;
      t.Add(s.resynced);
      dropped.Add(t);
      unreadable += s.unreadable_bytes;
      std::printf("  dropped with %s: %s%s\n", Seg(d).c_str(), SamplesLine(t).c_str(),
                  s.error.has_value() ? (" (itself corrupt at " + std::to_string(s.error_offset) + ": " +
                                         *s.error + ")").c_str()
                                      : "");
    }
    std::printf("  records dropped in all: %lld; samples dropped: %lld%s\n", static_cast<long long>(dropped.records),
                static_cast<long long>(dropped.samples),
                unreadable > 0 ? " (plus those in the unreadable bytes)" : "");
    std::printf("    %lld older than the newest block (replay skips them; the blocks cover that time)\n",
                static_cast<long long>(dropped.samples_below_blocks));
    std::printf("    %lld within m-mapped chunks still in chunks_head/ (replay skips them too)\n",
                static_cast<long long>(dropped.samples_in_mmapped));
    std::printf("    %lld lost: no longer anywhere in the directory\n",
                static_cast<long long>(dropped.samples_head));
    std::printf("  new write segment: %s\n", Seg(write_segment).c_str());
  } else {
    std::printf("  nothing to repair; replayed segments %d..%d%s\n", report.replay.first_segment,
                report.replay.last_segment,
                report.replay.checkpoint_index >= 0
                    ? (" after checkpoint." + Seg(report.replay.checkpoint_index)).c_str()
                    : "");
    std::printf("  (as every 2.42 start does, the open created the write segment %s)\n",
                Seg(write_segment).c_str());
  }

  // --- chunks_head -----------------------------------------------------------
  std::printf("\nchunks_head (%s):\n", chunks_dir.c_str());
  std::vector<const ChunkFile*> deleted_chunk_files;
  for (const auto& b : chunks_before) {
    auto it = std::find_if(chunks_after.begin(), chunks_after.end(),
                           [&b](const ChunkFile& a) { return a.number == b.number; });
    if (it == chunks_after.end() || !(it->id == b.id)) deleted_chunk_files.push_back(&b);
  }
  std::printf("  before: %lld chunks in %s\n", static_cast<long long>(TotalChunks(chunks_before)),
              ChunkFileList(chunks_before).c_str());
  for (const auto& b : chunks_before) {
    if (b.error.has_value()) {
      std::printf("    %s: replay reads %lld chunks, then: %s\n", b.name.c_str(),
                  static_cast<long long>(b.chunks), b.error->c_str());
    }
  }
  if (report.replay.mmap_error.has_value()) {
    repaired = true;
    std::printf("  replay failed: %s\n", report.replay.mmap_error->c_str());
    std::printf("  2.42 logs msg=\"Loading on-disk chunks failed\" with this error, then deletes the "
                "corrupt file and every later one (all files if that fails) and takes the data from the "
                "WAL\n");
  }
  if (!deleted_chunk_files.empty()) {
    repaired = true;
    std::printf("  deleted:");
    for (const ChunkFile* f : deleted_chunk_files) {
      std::printf("%s %s (%lld bytes, %lld chunks)", f == deleted_chunk_files.front() ? "" : ",",
                  f->name.c_str(), static_cast<long long>(f->id.size), static_cast<long long>(f->entries));
    }
    std::printf("\n");
    if (!report.replay.mmap_error.has_value()) {
      std::printf("  (a torn last file: shorter than 4 bytes or zero magic, as 2.42 deletes on open)\n");
    }
  }
  std::vector<ChunkFile> written;
  for (const auto& a : chunks_after) {
    auto it = std::find_if(chunks_before.begin(), chunks_before.end(),
                           [&a](const ChunkFile& b) { return a.number == b.number && a.id == b.id; });
    if (it == chunks_before.end()) written.push_back(a);
  }
  std::printf("  after: %lld chunks in %s", static_cast<long long>(TotalChunks(chunks_after)),
              ChunkFileList(chunks_after).c_str());
  if (!written.empty()) {
    std::printf("; %lld of them cut while replaying the WAL, in %s", static_cast<long long>(TotalChunks(written)),
                ChunkFileList(written).c_str());
  }
  std::printf("\n  m-mapped chunks loaded by replay: %lld\n",
              static_cast<long long>(report.replay.mmapped_chunks_loaded));

  std::printf("\n%s\n", repaired ? "repaired (exit 1)" : "nothing needed repair (exit 0)");
  return repaired ? 1 : 0;
}

}  // namespace

void RegisterRepair(CLI::App& app) {
  auto o = std::make_shared<RepairOptions>();
  CLI::App* cmd = app.add_subcommand(
      "repair",
      "Do offline what Prometheus 2.42 does at startup to a corrupt WAL or chunks_head/, and report "
      "what was dropped (exit 0: nothing to repair, 1: repaired, 2: bad input)");
  // Checked by RunRepair rather than by CLI11, so bad input exits with 2.
  cmd->add_option("DIR", o->dir, "A Prometheus data directory (not in use)");
  cmd->add_option("--chunk-range-ms", o->chunk_range_text,
                  "Head chunk range, = --storage.tsdb.min-block-duration (default 2h)")
      ->type_name("MS");
  cmd->add_flag("--dry-run", o->dry_run, "Repair a temporary copy and leave DIR untouched");
  cmd->add_flag("--wal-compression,!--no-wal-compression", o->wal_compression,
                "Snappy-compress the records the repair re-logs (Prometheus's default: on)");
  cmd->callback([o] { SetExitCode(RunRepair(*o)); });
}

}  // namespace tsdbsim
