// tsdbsim replay DIR: opens a copy of DIR the way Prometheus 2.42 does at
// startup and reports the replay in Prometheus's own log lines (logfmt,
// Go duration syntax), so the two can be compared line by line.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/base/realtime_clock.h"
#include "engine/db/db.h"
#include "engine/db/go_format.h"
#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {

struct ReplayOptions {
  std::string dir;
  std::string work_dir;  // where the copy goes; a temp dir when empty
  int64_t chunk_range_ms = 2 * 3600 * 1000;
  bool keep = false;
};

void Log(const std::string& msg, const std::string& kv = "") {
  std::printf("level=info component=tsdb msg=\"%s\"%s%s\n", msg.c_str(), kv.empty() ? "" : " ",
              kv.c_str());
}

void PrintReport(const tsdb::db::OpenReport& r, int64_t open_ns) {
  const auto& s = r.replay;
  Log("Replaying on-disk memory mappable chunks if any");
  Log("On-disk memory mappable chunks replay completed", "duration=" + tsdb::db::GoDurationString(s.mmap_replay_ns));
  if (s.mmap_error) Log("Loading on-disk chunks failed", "err=\"" + *s.mmap_error + "\"");
  Log("Replaying WAL, this may take a while");
  if (s.checkpoint_index >= 0) Log("WAL checkpoint loaded");
  for (int i = s.first_segment; i <= s.last_segment && i >= 0; i++) {
    Log("WAL segment loaded", "segment=" + std::to_string(i) + " maxSegment=" + std::to_string(s.last_segment));
  }
  const int64_t total = s.mmap_replay_ns + s.checkpoint_replay_ns + s.wal_replay_ns;
  Log("WAL replay completed", "checkpoint_replay_duration=" + tsdb::db::GoDurationString(s.checkpoint_replay_ns) +
                                  " wal_replay_duration=" + tsdb::db::GoDurationString(s.wal_replay_ns) +
                                  " wbl_replay_duration=0s total_replay_duration=" + tsdb::db::GoDurationString(total));
  if (r.corruption) Log("Encountered WAL read error, attempting repair", "err=\"" + r.corruption->ToString() + "\"");
  if (r.repair) {
    Log("WAL repaired", "segment=" + std::to_string(r.repair->segment) +
                            " dropped_bytes=" + std::to_string(r.repair->dropped_bytes()) +
                            " records_kept=" + std::to_string(r.repair->records_kept));
  }
  std::printf("\nmmapped chunks loaded: %lld\nseries: %lld\nsamples replayed into head chunks: %lld\n"
              "samples skipped (already in mmapped chunks): %lld\nunknown series refs: %lld\n"
              "open total (blocks, replay, repair): %s\n",
              static_cast<long long>(s.mmapped_chunks_loaded), static_cast<long long>(s.series_loaded),
              static_cast<long long>(s.samples_loaded), static_cast<long long>(s.samples_skipped_mmapped),
              static_cast<long long>(s.unknown_series_refs), tsdb::db::GoDurationString(open_ns).c_str());
}

void RunReplay(const ReplayOptions& o) {
  tsdb::PosixFilesystem fs;
  tsdb::RealtimeClock clock;
  auto info = fs.Stat(o.dir);
  if (!info.ok() || !info->is_dir) {
    std::fprintf(stderr, "tsdbsim replay: %s: not a directory\n", o.dir.c_str());
    SetExitCode(2);
    return;
  }
  std::string work = o.work_dir;
  if (work.empty()) {
    char tmpl[] = "/tmp/tsdbsim-replay-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      std::fprintf(stderr, "tsdbsim replay: cannot create a temporary directory\n");
      SetExitCode(1);
      return;
    }
    work = tmpl;
  }
  const std::string copy = tsdb::JoinPath(work, "data");
  if (tsdb::Status s = tsdb::CopyTree(fs, o.dir, copy); !s.ok()) {
    std::fprintf(stderr, "tsdbsim replay: copy %s: %s\n", o.dir.c_str(), s.ToString().c_str());
    SetExitCode(1);
    return;
  }
  tsdb::db::DbOptions opts;
  opts.head.chunk_range_ms = o.chunk_range_ms;
  opts.compaction_enabled = false;  // measure the replay only
  tsdb::SplitMix64 random(1);
  tsdb::db::OpenReport report;
  const int64_t t0 = clock.MonotonicNs();
  auto db = tsdb::db::DB::Open(&fs, copy, opts, &clock, &random, nullptr, nullptr, &report);
  const int64_t open_ns = clock.MonotonicNs() - t0;
  if (!db.ok()) {
    std::fprintf(stderr, "tsdbsim replay: %s\n", db.status().ToString().c_str());
    SetExitCode(1);
  } else {
    PrintReport(report, open_ns);
    (void)(*db)->Close();
  }
  if (o.keep) {
    std::printf("copy kept in %s\n", copy.c_str());
  } else {
    (void)fs.RemoveAll(work);
  }
}

}  // namespace

void RegisterReplay(CLI::App& app) {
  auto o = std::make_shared<ReplayOptions>();
  CLI::App* cmd = app.add_subcommand(
      "replay", "Open a copy of a data directory as Prometheus 2.42 does at startup and report the replay");
  cmd->add_option("DIR", o->dir, "A Prometheus data directory (never modified)")->required();
  cmd->add_option("--work-dir", o->work_dir, "Where to put the copy (default: a new temp dir)");
  cmd->add_option("--chunk-range-ms", o->chunk_range_ms, "Head chunk range, = --storage.tsdb.min-block-duration")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--keep", o->keep, "Keep the replayed copy");
  cmd->callback([o] { RunReplay(*o); });
}

}  // namespace tsdbsim
