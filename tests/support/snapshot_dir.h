// A data directory a clean shutdown with memory_snapshot_on_shutdown left:
// `series` series of 15 s samples over `minutes`, so that a restart can be
// measured from the snapshot and from the WAL alone on the same bytes.
#pragma once

#include <string>

#include "engine/base/clock.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"

namespace tsdb::testing {

inline constexpr int64_t kSnapshotDirStartMs = 1'700'000'000'000;

inline Status WriteSnapshotDir(Filesystem& fs, const std::string& dir, int series, int minutes) {
  ManualClock clock(kSnapshotDirStartMs);
  SplitMix64 random(1);
  db::DbOptions opts;
  opts.head.memory_snapshot_on_shutdown = true;
  db::OpenReport report;
  TSDB_ASSIGN_OR_RETURN(auto db, db::DB::Open(&fs, dir, opts, &clock, &random, nullptr, nullptr, &report));
  std::vector<storage::SeriesRef> refs(static_cast<size_t>(series), 0);
  for (int step = 0; step < minutes * 4; step++) {
    const int64_t t = kSnapshotDirStartMs + step * 15'000;
    auto app = db->Appender();
    for (int i = 0; i < series; i++) {
      const Labels l = Labels::FromStrings({"__name__", "m", "i", std::to_string(i)});
      TSDB_ASSIGN_OR_RETURN(refs[static_cast<size_t>(i)],
                            app->Append(refs[static_cast<size_t>(i)], l, t, static_cast<double>(step % 97 + i)));
    }
    TSDB_RETURN_IF_ERROR(app->Commit());
  }
  return db->Close();
}

}  // namespace tsdb::testing
