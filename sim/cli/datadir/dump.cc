// tsdbsim dump DIR [--min-time MS] [--max-time MS] [--match SELECTOR]:
// every float sample of a data directory (blocks and the head replayed from
// chunks_head/ and the WAL), one line each, exactly as `promtool tsdb dump`
// 2.42 prints them. The directory is opened read-only and never written.
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "engine/base/realtime_clock.h"
#include "engine/db/promtool_format.h"
#include "engine/db/read_only_db.h"
#include "engine/labels/matcher.h"
#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {

struct DumpOptions {
  std::string dir;
  int64_t min_time = std::numeric_limits<int64_t>::min();
  int64_t max_time = std::numeric_limits<int64_t>::max();
  std::string match = "{__name__=~'(?s:.*)'}";  // promtool's default
  bool continue_on_wal_corruption = false;
};

// Lines are built in a buffer and written in large pieces: a dump is
// millions of short lines.
class Output {
 public:
  ~Output() { Flush(); }
  std::string* buf() { return &buf_; }
  void MaybeFlush() {
    if (buf_.size() >= (1u << 20)) Flush();
  }
  void Flush() {
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), stdout);
    buf_.clear();
  }

 private:
  std::string buf_;
};

int Fail(const std::string& msg, int code) {
  std::fflush(stdout);
  std::fprintf(stderr, "tsdbsim dump: %s\n", msg.c_str());
  return code;
}

int RunDump(const DumpOptions& o) {
  auto matchers = tsdb::ParseMatchers(o.match);
  if (!matchers.ok()) return Fail("--match: " + matchers.status().message(), 2);
  tsdb::PosixFilesystem fs;
  tsdb::RealtimeClock clock;
  tsdb::db::ReadOnlyOpenReport report;
  auto db = tsdb::db::ReadOnlyDB::Open(fs, o.dir, &clock, &report,
                                       {.continue_on_wal_corruption = o.continue_on_wal_corruption});
  if (!db.ok()) return Fail(db.status().message(), 2);
  if (report.corruption.has_value()) {
    std::fprintf(stderr, "tsdbsim dump: WAL replay stopped early, dumping what was read before: %s\n",
                 report.corruption->ToString().c_str());
  }
  Output out;
  const tsdb::Status s = (*db)->NewQuerier(o.min_time, o.max_time)
                             .Select(*matchers, [&](const tsdb::Labels& lset,
                                                    std::span<const tsdb::db::Sample> samples) {
                               const std::string text = lset.ToString();
                               for (const tsdb::db::Sample& x : samples) {
                                 tsdb::db::AppendDumpLine(text, x.t, x.v, out.buf());
                                 out.MaybeFlush();
                               }
                               return tsdb::Status();
                             },
                                     tsdb::db::SeriesOrder::kAsStored);
  out.Flush();
  if (!s.ok()) return Fail(s.message(), 2);
  return 0;
}

}  // namespace

void RegisterDump(CLI::App& app) {
  auto opts = std::make_shared<DumpOptions>();
  CLI::App* cmd = app.add_subcommand(
      "dump",
      "Print every sample of a data directory (blocks, chunks_head/ and the WAL) as `promtool tsdb "
      "dump` does: `{labels} value timestamp_ms`. The directory is only read.");
  cmd->add_option("DIR", opts->dir, "A Prometheus data directory")->required();
  cmd->add_option("--min-time", opts->min_time, "Minimum timestamp to dump (ms, inclusive)");
  cmd->add_option("--max-time", opts->max_time, "Maximum timestamp to dump (ms, inclusive)");
  cmd->add_option("--match", opts->match, "Series selector")->capture_default_str();
  cmd->add_flag("--continue-after-wal-corruption", opts->continue_on_wal_corruption,
                "On a corrupt WAL, dump what was replayed before the corruption instead of failing");
  cmd->callback([opts] { SetExitCode(RunDump(*opts)); });
}

}  // namespace tsdbsim
