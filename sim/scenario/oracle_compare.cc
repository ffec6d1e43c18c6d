// The oracle's check: read every sample the DB holds (blocks and head) and
// set it against what was acknowledged, classifying each difference.
#include <algorithm>

#include "engine/block/block_list.h"
#include "engine/block/block_reader.h"
#include "engine/chunkenc/xor.h"
#include "engine/head/head_read.h"
#include "sim/scenario/oracle.h"

namespace tsdbsim {
namespace {

using StoredSamples = std::vector<std::pair<int64_t, uint64_t>>;
using Stored = std::map<std::string, StoredSamples>;

tsdb::Status AddChunk(const std::string& series, tsdb::ByteView chunk, Stored* out) {
  tsdb::chunkenc::XorIterator it(chunk);
  auto& v = (*out)[series];
  while (it.Next()) v.emplace_back(it.t(), it.v_bits());
  return it.status();
}

tsdb::Result<Stored> ReadAll(tsdb::db::DB& db) {
  Stored out;
  tsdb::Filesystem& fs = db.filesystem();
  for (const auto& meta : db.blocks()) {
    const std::string dir = tsdb::JoinPath(db.dir(), meta.ulid.ToString());
    TSDB_ASSIGN_OR_RETURN(auto b, tsdb::block::BlockReader::Open(fs, dir));
    TSDB_ASSIGN_OR_RETURN(auto it, b->Series());
    while (it.Next()) {
      const std::string name = it.labels().ToString();
      for (const auto& c : it.chunks()) {
        TSDB_ASSIGN_OR_RETURN(const auto entry, b->Chunk(c.ref));
        TSDB_RETURN_IF_ERROR(AddChunk(name, entry.data, &out));
      }
    }
    TSDB_RETURN_IF_ERROR(it.status());
  }
  TSDB_RETURN_IF_ERROR(tsdb::head::ForEachSeriesInRange(
      db.head(), INT64_MIN, INT64_MAX,
      [&](const tsdb::Labels& l, std::vector<tsdb::head::ChunkData>& chunks) -> tsdb::Status {
        const std::string name = l.ToString();
        for (const auto& c : chunks) TSDB_RETURN_IF_ERROR(AddChunk(name, c.data, &out));
        return {};
      }));
  for (auto& [name, v] : out) std::sort(v.begin(), v.end());
  return out;
}

void Note(std::string* where, std::string_view series, int64_t t) {
  if (where->empty()) *where = std::string(series) + " " + std::to_string(t);
}

}  // namespace

// One series, both sides, and the samples the store should be taken to
// hold afterwards (for CheckAndAdopt).
struct Oracle::Comparison {
  OracleCheck check;
  Stored stored;
};

tsdb::Result<Oracle::Comparison> Oracle::Compare(tsdb::db::DB& db, const CrashContext& crash) const {
  Comparison out;
  TSDB_ASSIGN_OR_RETURN(out.stored, ReadAll(db));
  OracleCheck& c = out.check;
  c.acked_samples = acked_count_;
  // Samples of failed commits and of the one in flight, by series, sorted.
  std::vector<std::vector<Sample>> maybe(series_.size());
  for (uint32_t i = 0; i < series_.size(); i++) maybe[i] = series_[i].maybe;
  for (const Pending& p : in_flight_) maybe[p.series].push_back({p.t_ms, p.value_bits, kInFlight});
  for (auto& m : maybe) std::sort(m.begin(), m.end(), [](const Sample& a, const Sample& b) { return a.t_ms < b.t_ms; });

  static const StoredSamples kNone;
  std::map<std::string_view, std::pair<uint32_t, const StoredSamples*>> both;
  for (uint32_t i = 0; i < series_.size(); i++) both[series_[i].name].first = i + 1;
  for (const auto& [name, v] : out.stored) both[name].second = &v;
  static const std::deque<Sample> kNoAcked;
  static const std::vector<Sample> kNoSamples;
  for (const auto& [name, sides] : both) {
    const std::deque<Sample>& want = sides.first != 0 ? series_[sides.first - 1].acked : kNoAcked;
    const std::vector<Sample>& may = sides.first != 0 ? maybe[sides.first - 1] : kNoSamples;
    const StoredSamples& have = sides.second != nullptr ? *sides.second : kNone;
    c.stored_samples += static_cast<int64_t>(have.size());
    const bool unlogged = sides.first != 0 && series_[sides.first - 1].maybe_unlogged;
    auto lose = [&](const Sample& s) {
      c.lost_acked_samples++;
      if (unlogged && crash.kind != CrashKind::kNone) {
        c.lost_unlogged_series_samples++;
        return;
      }
      switch (Classify(s.commit, crash)) {
        case Loss::kUnsynced:
          c.lost_unsynced_samples++;
          break;
        case Loss::kUnsyncedEntry:
          c.lost_unsynced_entry_samples++;
          break;
        case Loss::kRepair:
          c.lost_to_repair_samples++;
          break;
        case Loss::kDependent:
          c.lost_dependent_samples++;
          break;
        case Loss::kViolation:
          c.lost_violation_samples++;
          Note(&c.first_lost, name, s.t_ms);
          break;
      }
    };
    auto extra = [&](const std::pair<int64_t, uint64_t>& h) {
      auto m = std::lower_bound(may.begin(), may.end(), h.first,
                                [](const Sample& s, int64_t t) { return s.t_ms < t; });
      for (; m != may.end() && m->t_ms == h.first; ++m) {
        if (m->value_bits == h.second) {
          if (m->commit == kInFlight) {
            c.unacked_present_samples++;
          } else if (m->commit < commits_.size() && commits_[m->commit].written_later) {
            c.failed_commit_replayed_samples++;
          } else {
            c.failed_commit_present_samples++;
            Note(&c.first_phantom, name, h.first);
          }
          return;
        }
      }
      c.phantom_samples++;
      Note(&c.first_phantom, name, h.first);
    };
    size_t i = 0, j = 0;
    while (i < want.size() || j < have.size()) {
      if (j > 0 && j < have.size() && have[j].first == have[j - 1].first) {
        c.duplicate_samples++;
        Note(&c.first_phantom, name, have[j].first);
        j++;
      } else if (j >= have.size() || (i < want.size() && want[i].t_ms < have[j].first)) {
        lose(want[i++]);
      } else if (i >= want.size() || have[j].first < want[i].t_ms) {
        extra(have[j++]);
      } else {
        if (want[i].value_bits != have[j].second) {
          lose(want[i]);  // the acknowledged value is gone...
          extra(have[j]);  // ...and another one stands in its place
        }
        i++;
        j++;
      }
    }
  }
  return out;
}

tsdb::Result<OracleCheck> Oracle::Check(tsdb::db::DB& db, const CrashContext& crash) const {
  TSDB_ASSIGN_OR_RETURN(Comparison cmp, Compare(db, crash));
  return cmp.check;
}

tsdb::Result<OracleCheck> Oracle::CheckAndAdopt(tsdb::db::DB& db, const CrashContext& crash) {
  TSDB_ASSERT(!in_commit_);
  TSDB_ASSIGN_OR_RETURN(Comparison cmp, Compare(db, crash));
  // From now on the store's samples are the truth; each keeps the commit
  // it came from, when one offered it.
  for (auto& [name, have] : cmp.stored) {
    auto [it, fresh] = by_name_.try_emplace(name, static_cast<uint32_t>(series_.size()));
    if (fresh) series_.push_back({name, {}, {}, false});
  }
  acked_count_ = 0;
  durable_count_ = 0;
  for (Commit& c : commits_) c.acked = 0;
  for (Series& s : series_) {
    auto found = cmp.stored.find(s.name);
    std::vector<Sample> next;
    if (found != cmp.stored.end()) {
      std::vector<Sample> offered(s.acked.begin(), s.acked.end());
      offered.insert(offered.end(), s.maybe.begin(), s.maybe.end());
      std::stable_sort(offered.begin(), offered.end(), [](const Sample& a, const Sample& b) { return a.t_ms < b.t_ms; });
      for (const auto& [t, v] : found->second) {
        uint32_t commit = UINT32_MAX;  // a phantom: no commit stands behind it
        auto m = std::lower_bound(offered.begin(), offered.end(), t,
                                  [](const Sample& x, int64_t t_ms) { return x.t_ms < t_ms; });
        for (; m != offered.end() && m->t_ms == t; ++m) {
          if (m->value_bits == v) {
            commit = m->commit;
            break;
          }
        }
        if (!next.empty() && next.back().t_ms == t) continue;  // a duplicate, reported once
        next.push_back({t, v, commit});
      }
    }
    s.acked.assign(next.begin(), next.end());
    s.maybe.clear();
    acked_count_ += static_cast<int64_t>(s.acked.size());
    for (const Sample& x : s.acked) {
      if (x.commit >= commits_.size()) continue;  // a phantom, or of a commit a crash cut short
      commits_[x.commit].acked++;
      if (commits_[x.commit].durable) durable_count_++;
    }
  }
  total_violations_ += cmp.check.violations();
  last_ = cmp.check;
  return cmp.check;
}

void Oracle::ExpireBefore(int64_t t_ms) {
  for (Series& s : series_) {
    // Acknowledged samples are in time order: the expired ones lead.
    while (!s.acked.empty() && s.acked.front().t_ms < t_ms) {
      const Sample& x = s.acked.front();
      if (x.commit < commits_.size()) {
        commits_[x.commit].acked--;
        if (commits_[x.commit].durable) durable_count_--;
      }
      acked_count_--;
      expired_count_++;
      s.acked.pop_front();
    }
    std::erase_if(s.maybe, [t_ms](const Sample& x) { return x.t_ms < t_ms; });
  }
}

tsdb::Status Oracle::AdoptInitial(tsdb::db::DB& db) {
  TSDB_ASSERT(commits_.empty() && series_.empty());  // before the first commit
  TSDB_ASSIGN_OR_RETURN(Stored stored, ReadAll(db));
  const auto commit = static_cast<uint32_t>(commits_.size());
  commits_.push_back({.durable = true});
  for (auto& [name, have] : stored) {
    by_name_.emplace(name, static_cast<uint32_t>(series_.size()));
    series_.push_back({name, {}, {}, false});
    std::deque<Sample>& acked = series_.back().acked;
    for (const auto& [t, v] : have) {
      if (!acked.empty() && acked.back().t_ms == t) continue;  // stored twice: one is expected
      acked.push_back({t, v, commit});
    }
    commits_[commit].acked += static_cast<int64_t>(acked.size());
  }
  acked_count_ += commits_[commit].acked;
  durable_count_ += commits_[commit].acked;
  return {};
}

std::string OracleCheck::Summary() const {
  std::string out = "violations=" + std::to_string(violations());
  out += " lost=" + std::to_string(lost_acked_samples);
  if (lost_acked_samples > 0) {
    out += " (allowed: unsynced=" + std::to_string(lost_unsynced_samples) +
           " unsynced_entry=" + std::to_string(lost_unsynced_entry_samples) +
           " wal_repair=" + std::to_string(lost_to_repair_samples) +
           " after_unsynced_segment=" + std::to_string(lost_dependent_samples) +
           " unlogged_series=" + std::to_string(lost_unlogged_series_samples) + ")";
  }
  out += " phantom=" + std::to_string(phantom_samples) + " duplicate=" + std::to_string(duplicate_samples);
  if (unacked_present_samples > 0) out += " unacked_present=" + std::to_string(unacked_present_samples);
  if (failed_commit_replayed_samples > 0) {
    out += " failed_commit_replayed=" + std::to_string(failed_commit_replayed_samples);
  }
  if (failed_commit_present_samples > 0) {
    out += " failed_commit_present=" + std::to_string(failed_commit_present_samples);
  }
  if (open_failed) {
    out += std::string(open_failed_as_2_42 ? " open_failed_as_2_42=\"" : " open_failed=\"") + open_error + "\"";
  }
  if (!first_lost.empty()) out += " first_lost=\"" + first_lost + "\"";
  if (!first_phantom.empty()) out += " first_phantom=\"" + first_phantom + "\"";
  return out;
}

}  // namespace tsdbsim
