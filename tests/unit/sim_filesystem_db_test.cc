// The engine on the simulated filesystem: the same workload writes the same
// bytes as on the real one; a process crash loses nothing committed; after
// a power loss the DB opens and holds only committed samples, and at least
// everything its blocks made durable; a real Prometheus data directory
// loaded into the simulation replays as it does from disk.
#include <gtest/gtest.h>

#include <bit>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "fault_injection/sim_filesystem.h"
#include "support/db_samples.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace tsdbsim::fault {
namespace {

using tsdb::testing::SampleSet;

constexpr int64_t kT0 = 1'800'000'000'000;  // a multiple of 2h
constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kScrapeMs = 15'000;
constexpr int kSeries = 20;

tsdb::db::DbOptions Options() {
  tsdb::db::DbOptions o;
  o.wal.segment_size_bytes = 32 * 1024;  // many segments, so checkpoints happen
  o.block_chunk_segment_size_bytes = 1 << 20;
  return o;
}

// A DB on one filesystem, fed scrapes of kSeries series, remembering every
// committed sample.
class Rig {
 public:
  Rig(tsdb::Filesystem* fs, std::string dir) : fs_(fs), dir_(std::move(dir)) {}
  // The data directory as an operator makes it before the first start
  // (2.42 creates a missing one but never syncs its parent).
  static void MakeDataDir(SimFilesystem& sim, const std::string& dir) {
    ASSERT_TRUE(sim.MkdirAll(dir).ok());
    ASSERT_TRUE(sim.SyncDir("/").ok());
  }

  tsdb::Status Open(tsdb::db::OpenReport* report = nullptr) {
    tsdb::db::OpenReport r;
    auto db = tsdb::db::DB::Open(fs_, dir_, Options(), &clock_, &random_, nullptr, nullptr,
                                 report != nullptr ? report : &r);
    if (!db.ok()) return db.status();
    db_ = std::move(db).value();
    for (auto& ref : refs_) ref = 0;  // a new process has an empty scrape cache
    return {};
  }
  void Scrape(int64_t t) {
    auto app = db_->Appender();
    for (int i = 0; i < kSeries; i++) {
      const tsdb::Labels l = tsdb::Labels::FromStrings({"__name__", "demo", "id", std::to_string(i)});
      const double v = static_cast<double>(t / 1000 * (i + 1));
      auto ref = app->Append(refs_[i], l, t, v);
      ASSERT_TRUE(ref.ok()) << ref.status().ToString();
      refs_[i] = *ref;
      committed_[l.ToString()][t] = std::bit_cast<uint64_t>(v);
    }
    ASSERT_TRUE(app->Commit().ok());
    clock_.Set(t);
  }
  void ScrapeUntil(int64_t* t, int64_t end) {
    for (; *t < end; *t += kScrapeMs) Scrape(*t);
  }
  SampleSet Samples() {
    int64_t dups = 0;
    auto got = tsdb::testing::CollectSamples(*fs_, dir_, db_ ? &db_->head() : nullptr, &dups);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(dups, 0);
    return got.ok() ? *got : SampleSet{};
  }

  std::unique_ptr<tsdb::db::DB>& db() { return db_; }
  const SampleSet& committed() const { return committed_; }
  // After a power loss: what survived is all the run can go on from.
  void KeepOnly(const SampleSet& survivors) { committed_ = survivors; }

 private:
  tsdb::Filesystem* fs_;
  std::string dir_;
  tsdb::ManualClock clock_{kT0};
  tsdb::SplitMix64 random_{42};
  uint64_t refs_[kSeries] = {};
  SampleSet committed_;
  std::unique_ptr<tsdb::db::DB> db_;
};

// Every path under dir with its kind and bytes, for comparing two trees.
void CollectTree(tsdb::Filesystem& fs, const std::string& dir, const std::string& rel,
                 std::map<std::string, std::string>* out) {
  auto list = fs.List(dir);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  for (const auto& e : *list) {
    const std::string path = tsdb::JoinPath(dir, e.name);
    const std::string name = rel.empty() ? e.name : rel + "/" + e.name;
    if (e.is_dir) {
      (*out)[name + "/"] = "";
      CollectTree(fs, path, name, out);
      continue;
    }
    auto m = fs.MapReadOnly(path);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    (*out)[name] = std::string(tsdb::AsString((*m)->data()));
  }
}

std::map<std::string, std::string> Tree(tsdb::Filesystem& fs, const std::string& dir) {
  std::map<std::string, std::string> out;
  CollectTree(fs, dir, "", &out);
  return out;
}

void ExpectSameTrees(const std::map<std::string, std::string>& a,
                     const std::map<std::string, std::string>& b) {
  std::vector<std::string> names_a, names_b;
  for (const auto& [n, unused] : a) names_a.push_back(n);
  for (const auto& [n, unused] : b) names_b.push_back(n);
  ASSERT_EQ(names_a, names_b);
  for (const auto& [name, bytes] : a) {
    const std::string& other = b.at(name);
    EXPECT_EQ(bytes.size(), other.size()) << name;
    EXPECT_TRUE(bytes == other) << name << " differs";
  }
}

// The same clock, seed and workload on both filesystems: WAL segments,
// checkpoints, chunks_head files, blocks (ULIDs included) are identical.
TEST(SimFilesystemDb, SameWorkloadWritesTheSameBytesAsOnTheRealFilesystem) {
  tsdb::PosixFilesystem posix;
  tsdb::testing::TempDir tmp;
  SimFilesystem sim;
  Rig real(&posix, tmp.path());
  Rig simulated(&sim, "/data");
  Rig::MakeDataDir(sim, "/data");
  for (Rig* rig : {&real, &simulated}) {
    ASSERT_TRUE(rig->Open().ok());
    int64_t t = kT0;
    rig->ScrapeUntil(&t, kT0 + 7 * kHour);
    ASSERT_EQ(rig->db()->blocks().size(), 2u);
    EXPECT_EQ(rig->db()->head().metrics().checkpoint_creations_total, 2u);
    ASSERT_TRUE(rig->db()->Close().ok());
    rig->db().reset();
  }
  const auto want = Tree(posix, tmp.path());
  EXPECT_GT(want.size(), 10u);
  ExpectSameTrees(Tree(sim, "/data"), want);
  // After a clean close every file's bytes are durable, and so is every
  // entry but those of the WAL segments cut since the last checkpoint:
  // 2.42 never syncs wal/ after creating a segment, so under this model a
  // power loss takes them although each was fsynced. (ext4's journal
  // usually commits the entry with the file's fsync; no standard says so.)
  std::vector<std::string> entries_not_durable;
  for (const auto& f : sim.Files("/data")) {
    if (!f.is_dir) {
      EXPECT_TRUE(f.content_durable) << f.path;
    }
    if (!f.entry_durable) entries_not_durable.push_back(f.path);
  }
  EXPECT_EQ(entries_not_durable, (std::vector<std::string>{
                                     "/data/wal/00000010", "/data/wal/00000011", "/data/wal/00000012"}));
}

// A crashed process leaves the page cache: every committed sample is back.
TEST(SimFilesystemDb, EveryCommittedSampleSurvivesAProcessCrash) {
  SimFilesystem sim;
  Rig::MakeDataDir(sim, "/data");
  Rig rig(&sim, "/data");
  ASSERT_TRUE(rig.Open().ok());
  int64_t t = kT0;
  for (const int64_t end : {kT0 + kHour / 2, kT0 + 3 * kHour + 7 * kScrapeMs, kT0 + 5 * kHour}) {
    rig.ScrapeUntil(&t, end);
    sim.CrashProcess();
    rig.db().reset();  // its handles are dead; dropping them must be harmless
    tsdb::db::OpenReport report;
    ASSERT_TRUE(rig.Open(&report).ok());
    EXPECT_FALSE(report.corruption.has_value()) << report.corruption->ToString();
    EXPECT_EQ(rig.Samples(), rig.committed());
  }
}

// A power loss keeps only what was fsynced. The DB must open, return no
// sample that was not committed, and keep what its blocks hold: a block is
// synced file by file, then its directory, then renamed and the data
// directory synced.
TEST(SimFilesystemDb, PowerLossKeepsWhatWasSyncedAndInventsNothing) {
  SimFilesystem sim;
  Rig::MakeDataDir(sim, "/data");
  Rig rig(&sim, "/data");
  ASSERT_TRUE(rig.Open().ok());
  int64_t t = kT0;
  // Half an hour in: no block yet. Later ones: blocks were cut (each power
  // loss restarts the head from what survived, so the next block comes a
  // chunk range and a half after that).
  for (const int64_t end : {kT0 + kHour / 2, kT0 + 5 * kHour + 11 * kScrapeMs,
                            kT0 + 11 * kHour + 3 * kScrapeMs}) {
    rig.ScrapeUntil(&t, end);
    int64_t durable_before = INT64_MIN;  // every sample before this is in a block
    for (const auto& b : rig.db()->blocks()) durable_before = std::max(durable_before, b.max_time);
    if (end > kT0 + kHour) {
      ASSERT_GT(durable_before, kT0);
    }
    sim.PowerLoss();
    rig.db().reset();
    ASSERT_TRUE(rig.Open().ok()) << "after power loss at " << (end - kT0) / kScrapeMs;
    const SampleSet got = rig.Samples();
    int64_t extra = 0, lost_durable = 0, lost = 0;
    for (const auto& [series, samples] : got) {
      for (const auto& [ts, v] : samples) {
        const auto s = rig.committed().find(series);
        extra += s == rig.committed().end() || !s->second.contains(ts) || s->second.at(ts) != v;
      }
    }
    for (const auto& [series, samples] : rig.committed()) {
      for (const auto& [ts, v] : samples) {
        const auto s = got.find(series);
        const bool present = s != got.end() && s->second.contains(ts);
        lost += !present;
        lost_durable += !present && ts < durable_before;
      }
    }
    EXPECT_EQ(extra, 0);
    EXPECT_EQ(lost_durable, 0);
    if (end < kT0 + kHour) {
      // Before the first block nothing is durable: 2.42 syncs neither the
      // data directory after making wal/ nor wal/ after cutting a segment,
      // so the fsynced segments have no durable name.
      EXPECT_EQ(lost, static_cast<int64_t>(kSeries * ((end - kT0) / kScrapeMs)));
    }
    rig.KeepOnly(got);
  }
}

// The SIGKILLed Prometheus fixture, loaded into the simulation, opens and
// replays exactly as a copy of it on the real filesystem does, and the two
// data directories stay byte-identical through the open and close.
TEST(SimFilesystemDb, RealPrometheusDataDirectoryReplaysInTheSimulation) {
  const std::string fixture = tsdb::testing::FixturePath("prometheus-2.42/killed-datadir");
  tsdb::PosixFilesystem posix;
  tsdb::testing::TempDir tmp;
  ASSERT_TRUE(tsdb::CopyTree(posix, fixture, tmp.path()).ok());
  SimFilesystem sim;
  ASSERT_TRUE(sim.LoadTreeFrom(posix, fixture, "/prometheus/data").ok());
  ExpectSameTrees(Tree(sim, "/prometheus/data"), Tree(posix, fixture));

  struct Outcome {
    tsdb::db::OpenReport report;
    size_t blocks = 0;
    uint64_t series = 0;
    SampleSet samples;
  };
  const auto open = [](tsdb::Filesystem* fs, const std::string& dir, Outcome* out) {
    tsdb::ManualClock clock(1'795'235'200'000);
    tsdb::SplitMix64 random(1);
    tsdb::db::DbOptions opts;
    opts.head.chunk_range_ms = 2 * 60 * 1000;
    opts.compaction_enabled = false;
    auto db = tsdb::db::DB::Open(fs, dir, opts, &clock, &random, nullptr, nullptr, &out->report);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    out->blocks = (*db)->blocks().size();
    out->series = (*db)->head().NumSeries();
    int64_t dups = 0;
    auto samples = tsdb::testing::CollectSamples(*fs, dir, &(*db)->head(), &dups);
    ASSERT_TRUE(samples.ok()) << samples.status().ToString();
    out->samples = std::move(samples).value();
    ASSERT_TRUE((*db)->Close().ok());
  };
  Outcome real, simulated;
  open(&posix, tmp.path(), &real);
  open(&sim, "/prometheus/data", &simulated);
  EXPECT_FALSE(simulated.report.corruption.has_value());
  EXPECT_EQ(simulated.blocks, 5u);
  EXPECT_EQ(simulated.blocks, real.blocks);
  EXPECT_EQ(simulated.series, real.series);
  EXPECT_EQ(simulated.report.replay.samples_loaded, real.report.replay.samples_loaded);
  EXPECT_GT(simulated.report.replay.samples_loaded, 0);
  EXPECT_EQ(simulated.report.min_valid_time, real.report.min_valid_time);
  EXPECT_TRUE(simulated.samples == real.samples);
  ExpectSameTrees(Tree(sim, "/prometheus/data"), Tree(posix, tmp.path()));
}

}  // namespace
}  // namespace tsdbsim::fault
