// Random append sequences against an in-memory model, through commit,
// compaction (with a 10-minute chunk range, so blocks and checkpoints come
// quickly), clean restarts and kills. After every restart and at the end the
// DB must hold exactly the samples the model says were acknowledged: none
// invented, none twice, and none lost -- except the one loss 2.42 itself
// has: a series garbage-collected from the head and re-created under a new
// ref gets two series records; replay merges them, and the next checkpoint
// keeps only the older record while keeping samples logged under the newer
// ref, which the following replay cannot resolve (prometheus/prometheus
// #16058, fixed upstream in 2025, long after 2.42). Such samples may go
// missing only for series whose ref changed, and only when replay reported
// unknown series refs. Worse, replay recovers the next free ref only from
// series records, so once a record is gone a new series can be given that
// ref again, and the orphaned samples then reappear under the new series:
// a sample lost this way may show up once under another label set, bit for
// bit the same. RC_CLASSIFY shows how often runs hit either.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <ostream>
#include <set>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "support/db_samples.h"
#include "support/temp_dir.h"

namespace tsdb::db {
namespace {

constexpr int64_t kRangeMs = 10 * 60 * 1000;
constexpr int kSeries = 6;
const double kStale = std::bit_cast<double>(uint64_t{0x7FF0000000000002});

enum class Op : uint8_t { kCommit, kRollback, kAdvance, kRestart, kKill };

struct Step {
  Op op = Op::kCommit;
  int samples = 0;      // per batch
  uint32_t seed = 0;    // drives series, time offsets and values of the batch
  int advance_s = 0;
};

void showValue(const Step& s, std::ostream& os) {
  static const char* kNames[] = {"commit", "rollback", "advance", "restart", "kill"};
  os << kNames[static_cast<int>(s.op)] << "(samples=" << s.samples << " seed=" << s.seed
     << " advance_s=" << s.advance_s << ")";
}

rc::Gen<Step> GenStep() {
  return rc::gen::build<Step>(
      rc::gen::set(&Step::op, rc::gen::weightedElement<Op>({{12, Op::kCommit}, {1, Op::kRollback},
                                                            {6, Op::kAdvance}, {1, Op::kRestart},
                                                            {1, Op::kKill}})),
      rc::gen::set(&Step::samples, rc::gen::inRange(1, 12)), rc::gen::set(&Step::seed),
      rc::gen::set(&Step::advance_s, rc::gen::inRange(1, 1200)));
}

struct Model {
  tsdb::testing::SampleSet acked;
  std::map<std::string, int64_t> max_t;
  std::map<std::string, uint64_t> last_ref;   // the ref the DB last returned
  std::set<std::string> recreated;            // series whose ref changed
  int64_t unknown_refs_reported = 0;          // by every replay so far
  int64_t lost_to_16058 = 0;
  std::multiset<std::pair<int64_t, uint64_t>> lost;  // (t, value bits) of lost samples
  int64_t misattributed = 0;
};

class Harness {
 public:
  Harness() { Open(); }
  ~Harness() {
    if (db_) (void)db_->Close();
  }

  void Open() {
    DbOptions o;
    o.head.chunk_range_ms = kRangeMs;
    o.wal.segment_size_bytes = 32 * 1024;
    o.block_chunk_segment_size_bytes = 1 << 20;
    OpenReport report;
    auto db = DB::Open(&fs_, dir_.path(), o, &clock_, &random_, nullptr, nullptr, &report);
    RC_ASSERT(db.ok());
    RC_ASSERT(!report.corruption.has_value());
    model_.unknown_refs_reported += report.replay.unknown_series_refs;
    db_ = std::move(db).value();
    for (auto& r : refs_) r = 0;
  }

  // One batch: mostly fresh samples near now, some late, some repeated.
  void Batch(const Step& s, bool commit) {
    SplitMix64 r(s.seed);
    auto app = db_->Appender();
    std::vector<std::pair<std::string, std::pair<int64_t, uint64_t>>> pending;
    for (int i = 0; i < s.samples; i++) {
      const int id = static_cast<int>(r.NextU64() % kSeries);
      const std::string sid = std::to_string(id);
      const Labels l = Labels::FromStrings({"__name__", "m", "id", sid});
      const std::string key = l.ToString();
      const uint64_t kind = r.NextU64() % 10;
      int64_t t = now_ + static_cast<int64_t>(r.NextU64() % 1000);
      if (kind == 0) t = now_ - static_cast<int64_t>(r.NextU64() % (2 * kRangeMs));  // late
      if (kind == 1 && model_.max_t.count(key)) t = model_.max_t[key];            // same time
      double v = static_cast<double>(r.NextU64() % 100);
      if (kind == 2) v = kStale;
      auto ref = app->Append(refs_[id], l, t, v);
      if (!ref.ok()) {
        CheckRejection(ref.status().code(), key, t);
        continue;
      }
      refs_[id] = *ref;
      if (auto it = model_.last_ref.find(key); it != model_.last_ref.end() && it->second != *ref) {
        model_.recreated.insert(key);
      }
      model_.last_ref[key] = *ref;
      pending.push_back({key, {t, std::bit_cast<uint64_t>(v)}});
    }
    if (!commit) {
      RC_ASSERT(app->Rollback().ok());
      return;
    }
    RC_ASSERT(app->Commit().ok());
    // At commit a sample lands only when it is newer than its series.
    for (const auto& [key, tv] : pending) {
      auto it = model_.max_t.find(key);
      if (it != model_.max_t.end() && tv.first <= it->second) continue;
      model_.max_t[key] = tv.first;
      model_.acked[key][tv.first] = tv.second;
    }
  }

  void CheckRejection(StatusCode code, const std::string& key, int64_t t) {
    auto it = model_.max_t.find(key);
    if (code == StatusCode::kOutOfOrder) RC_ASSERT(it != model_.max_t.end() && t < it->second);
    if (code == StatusCode::kDuplicate) RC_ASSERT(it != model_.max_t.end() && t == it->second);
    RC_ASSERT(code == StatusCode::kOutOfOrder || code == StatusCode::kDuplicate ||
              code == StatusCode::kOutOfBounds);
  }

  void Verify() {
    int64_t dups = 0;
    auto got = tsdb::testing::CollectSamples(fs_, dir_.path(), &db_->head(), &dups);
    RC_ASSERT(got.ok());
    RC_ASSERT(dups == 0);
    for (auto& [key, samples] : model_.acked) {
      const auto series = got->find(key);
      for (auto it = samples.begin(); it != samples.end();) {
        const bool present = series != got->end() && series->second.count(it->first) > 0;
        if (present) {
          RC_ASSERT(series->second.at(it->first) == it->second);
          ++it;
          continue;
        }
        // Only 2.42's duplicate-series-record loss is allowed (see the top).
        RC_ASSERT(model_.recreated.count(key) > 0);
        RC_ASSERT(model_.unknown_refs_reported > 0);
        model_.lost_to_16058++;
        model_.lost.insert(*it);
        it = samples.erase(it);
      }
      // The DB no longer has the lost samples: its idea of the series' newest
      // sample (which decides what a commit keeps) is what is left.
      if (samples.empty()) {
        model_.max_t.erase(key);
      } else {
        model_.max_t[key] = samples.rbegin()->first;
      }
    }
    for (const auto& [key, samples] : *got) {
      for (const auto& [t, bits] : samples) {
        const auto m = model_.acked.find(key);
        if (m != model_.acked.end() && m->second.count(t) > 0) continue;
        // The one way 2.42 shows a sample under another series (see the top).
        if (auto l = model_.lost.find({t, bits}); l != model_.lost.end()) {
          model_.lost.erase(l);
          model_.misattributed++;
          model_.acked[key][t] = bits;
          model_.max_t[key] = std::max(model_.max_t[key], t);
          continue;
        }
        {
          RC_FAIL("phantom sample " + key + " @" + std::to_string(t) + " (model max " +
                  std::to_string(model_.max_t.count(key) ? model_.max_t[key] : 0) + ")");
        }
      }
    }
  }
  int64_t lost_to_16058() const { return model_.lost_to_16058; }
  int64_t misattributed() const { return model_.misattributed; }

  void Run(const Step& s) {
    switch (s.op) {
      case Op::kCommit: Batch(s, true); break;
      case Op::kRollback: Batch(s, false); break;
      case Op::kAdvance:
        now_ += int64_t{s.advance_s} * 1000;
        clock_.Set(now_);
        break;
      case Op::kRestart:
        RC_ASSERT(db_->Close().ok());
        db_.reset();
        Open();
        Verify();
        break;
      case Op::kKill:
        db_.reset();  // no Close: buffers lost, files as written
        Open();
        Verify();
        break;
    }
  }

 private:
  PosixFilesystem fs_;
  tsdb::testing::TempDir dir_;
  int64_t now_ = 1'700'000'400'000;
  ManualClock clock_{now_};
  SplitMix64 random_{7};
  std::unique_ptr<DB> db_;
  uint64_t refs_[kSeries] = {};
  Model model_;
};

RC_GTEST_PROP(DbModelProperty, AcknowledgedSamplesAreExactlyWhatTheDbHolds, ()) {
  const auto steps = *rc::gen::container<std::vector<Step>>(*rc::gen::inRange(10, 120), GenStep());
  Harness h;
  for (const Step& s : steps) h.Run(s);
  h.Verify();
  RC_CLASSIFY(h.lost_to_16058() > 0, "lost samples to 2.42's issue #16058");
  RC_CLASSIFY(h.misattributed() > 0, "a lost sample reappeared under a reused ref");
}

}  // namespace
}  // namespace tsdb::db
