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
#include "sim/cli/datadir/repair_files.h"
#include "sim/cli/datadir/repair_scan.h"
#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {

using namespace repair;  // NOLINT: the pieces of this verb

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
    if (tsdb::Status s = tsdb::CopyTree(fs, o.dir, target); !s.ok()) {
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
