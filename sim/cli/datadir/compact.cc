// tsdbsim compact DIR: what Prometheus 2.42 does to a data directory's
// blocks once it has started: retention, then leveled compaction until the
// planner finds nothing more. DIR is changed in place, as Prometheus
// would change it; the blocks left are listed as meta.json has them.
#include <cstdio>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/base/realtime_clock.h"
#include "engine/db/db.h"
#include "sim/cli/verbs.h"
#include "sim/scenario/values.h"
#include "sim/shrink/scenario_writer.h"

namespace tsdbsim {
namespace {

struct CompactOptions {
  std::string dir;
  std::string retention_time = "15d";
  std::string retention_size = "0";
  std::string max_block_duration;  // empty: 2.42's default
  int64_t chunk_range_ms = 2 * 3600 * 1000;
};

void PrintBlocks(const tsdb::db::DB& db) {
  std::printf("%-26s  %14s  %14s  %5s  %7s  %10s\n", "BLOCK ULID", "MIN TIME", "MAX TIME", "LEVEL", "SOURCES",
              "SAMPLES");
  for (const auto& b : db.blocks()) {
    std::printf("%-26s  %14lld  %14lld  %5lld  %7zu  %10llu\n", b.ulid.ToString().c_str(),
                static_cast<long long>(b.min_time), static_cast<long long>(b.max_time),
                static_cast<long long>(b.compaction.level), b.compaction.sources.size(),
                static_cast<unsigned long long>(b.stats.num_samples));
  }
}

int RunCompact(const CompactOptions& o) {
  tsdb::db::DbOptions opts;
  opts.head.chunk_range_ms = o.chunk_range_ms;
  auto fail = [](const std::string& what) {
    std::fprintf(stderr, "tsdbsim compact: %s\n", what.c_str());
    return 2;
  };
  auto time = ParseDurationMs(o.retention_time);
  if (!time.ok()) return fail("--retention-time: " + time.status().message());
  opts.retention.retention_ms = *time;
  auto size = ParseBytes(o.retention_size);
  if (!size.ok()) return fail("--retention-size: " + size.status().message());
  opts.retention.max_bytes = *size;
  if (!o.max_block_duration.empty()) {
    auto max = ParseDurationMs(o.max_block_duration);
    if (!max.ok() || *max <= 0) return fail("--max-block-duration: must be a positive duration");
    opts.max_block_duration_ms = *max;
  }
  tsdb::PosixFilesystem fs;
  auto info = fs.Stat(o.dir);
  if (!info.ok() || !info->is_dir) return fail(o.dir + ": not a directory");
  tsdb::RealtimeClock clock;
  tsdb::SplitMix64 random(1);  // ULIDs differ by their time part
  tsdb::db::OpenReport report;
  auto db = tsdb::db::DB::Open(&fs, o.dir, opts, &clock, &random, nullptr, nullptr, &report);
  if (!db.ok()) {
    std::fprintf(stderr, "tsdbsim compact: %s\n", db.status().ToString().c_str());
    return 1;
  }
  const uint64_t before = (*db)->metrics().compactions_total;
  const tsdb::Status s = (*db)->CompactBlocks();
  std::printf("compactions: %llu, blocks deleted: %llu, ranges:",
              static_cast<unsigned long long>((*db)->metrics().compactions_total - before),
              static_cast<unsigned long long>((*db)->metrics().blocks_deleted_total));
  for (int64_t r : (*db)->block_ranges()) std::printf(" %s", FormatDurationMs(r).c_str());
  std::printf("\n");
  PrintBlocks(**db);
  const tsdb::Status c = (*db)->Close();
  if (!s.ok() || !c.ok()) {
    std::fprintf(stderr, "tsdbsim compact: %s\n", (!s.ok() ? s : c).ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

void RegisterCompact(CLI::App& app) {
  auto o = std::make_shared<CompactOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compact", "Apply retention and leveled compaction to a data directory in place, as Prometheus 2.42 would");
  cmd->add_option("DIR", o->dir, "A Prometheus data directory (changed in place)")->required();
  cmd->add_option("--retention-time", o->retention_time, "--storage.tsdb.retention.time (0 = off)")
      ->capture_default_str();
  cmd->add_option("--retention-size", o->retention_size, "--storage.tsdb.retention.size in bytes (0 = off)")
      ->capture_default_str();
  cmd->add_option("--max-block-duration", o->max_block_duration,
                  "--storage.tsdb.max-block-duration (default: a tenth of retention, at most 31d)");
  cmd->add_option("--chunk-range-ms", o->chunk_range_ms, "= --storage.tsdb.min-block-duration")
      ->check(CLI::PositiveNumber);
  cmd->callback([o] { SetExitCode(RunCompact(*o)); });
}

}  // namespace tsdbsim
