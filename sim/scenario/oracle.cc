#include "sim/scenario/oracle.h"

#include <algorithm>
#include <bit>

#include "engine/block/block_list.h"
#include "engine/block/block_reader.h"
#include "engine/chunkenc/xor.h"
#include "engine/head/head_read.h"

namespace tsdbsim {
namespace {

class OracleAppender final : public tsdb::storage::Appender {
 public:
  OracleAppender(Oracle* o, std::unique_ptr<tsdb::storage::Appender> next) : o_(o), next_(std::move(next)) {}
  tsdb::Result<tsdb::storage::SeriesRef> Append(tsdb::storage::SeriesRef ref, const tsdb::Labels& l, int64_t t,
                                                double v) override {
    auto r = next_->Append(ref, l, t, v);
    if (r.ok()) pending_.push_back({o_->SeriesIndex(*r, l), t, std::bit_cast<uint64_t>(v)});
    return r;
  }
  tsdb::Status Commit() override {
    tsdb::Status s = next_->Commit();
    if (s.ok()) o_->Acknowledge(pending_);
    pending_.clear();
    return s;
  }
  tsdb::Status Rollback() override {
    pending_.clear();
    return next_->Rollback();
  }

 private:
  Oracle* o_;
  std::unique_ptr<tsdb::storage::Appender> next_;
  std::vector<Oracle::Pending> pending_;
};

class OracleAppendable final : public tsdb::storage::Appendable {
 public:
  OracleAppendable(Oracle* o, tsdb::storage::Appendable* next) : o_(o), next_(next) {}
  std::unique_ptr<tsdb::storage::Appender> Appender() override {
    return std::make_unique<OracleAppender>(o_, next_->Appender());
  }

 private:
  Oracle* o_;
  tsdb::storage::Appendable* next_;
};

using Stored = std::map<std::string, std::vector<std::pair<int64_t, uint64_t>>>;

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

}  // namespace

std::unique_ptr<tsdb::storage::Appendable> Oracle::Wrap(tsdb::storage::Appendable* next) {
  return std::make_unique<OracleAppendable>(this, next);
}

uint32_t Oracle::SeriesIndex(tsdb::storage::SeriesRef ref, const tsdb::Labels& labels) {
  if (auto it = by_ref_.find(ref); it != by_ref_.end()) return it->second;
  std::string name = labels.ToString();
  auto [it, fresh] = by_name_.try_emplace(name, static_cast<uint32_t>(series_.size()));
  if (fresh) series_.push_back({std::move(name), {}});
  by_ref_.emplace(ref, it->second);
  return it->second;
}

void Oracle::Acknowledge(const std::vector<Pending>& samples) {
  for (const Pending& p : samples) {
    auto& v = series_[p.series].samples;
    // An identical sample appended again is accepted and dropped by the head.
    if (!v.empty() && v.back().first == p.t_ms && v.back().second == p.value_bits) continue;
    v.emplace_back(p.t_ms, p.value_bits);
    acked_count_++;
  }
}

tsdb::Result<OracleCheck> Oracle::Compare(tsdb::db::DB& db) const {
  TSDB_ASSIGN_OR_RETURN(const Stored stored, ReadAll(db));
  OracleCheck c;
  c.acked_samples = acked_count_;
  // Every series either side knows, with what each side has.
  using Samples = std::vector<std::pair<int64_t, uint64_t>>;
  static const Samples kNone;
  std::map<std::string_view, std::pair<const Samples*, const Samples*>> both;
  for (const Series& x : series_) both[x.name].first = &x.samples;
  for (const auto& [name, v] : stored) both[name].second = &v;
  auto note = [](std::string* where, std::string_view series, int64_t t) {
    if (where->empty()) *where = std::string(series) + " " + std::to_string(t);
  };
  for (const auto& [name, sides] : both) {
    const Samples& want = sides.first != nullptr ? *sides.first : kNone;
    const Samples& have = sides.second != nullptr ? *sides.second : kNone;
    c.stored_samples += static_cast<int64_t>(have.size());
    size_t i = 0, j = 0;
    while (i < want.size() || j < have.size()) {
      if (j > 0 && j < have.size() && have[j].first == have[j - 1].first) {
        c.duplicate_samples++;
        j++;
      } else if (j >= have.size() || (i < want.size() && want[i].first < have[j].first)) {
        c.lost_acked_samples++;
        note(&c.first_lost, name, want[i].first);
        i++;
      } else if (i >= want.size() || have[j].first < want[i].first) {
        c.phantom_samples++;
        note(&c.first_phantom, name, have[j].first);
        j++;
      } else {
        if (want[i].second != have[j].second) {
          c.lost_acked_samples++;  // the acknowledged value is gone...
          c.phantom_samples++;     // ...and another one stands in its place
          note(&c.first_lost, name, want[i].first);
        }
        i++;
        j++;
      }
    }
  }
  return c;
}

}  // namespace tsdbsim
