// Oracle: what the DB acknowledged, to check it against what the DB holds
// after a restart (DESIGN.md §5). It sits between the fanout and the DB:
// the samples an appender accepted count once its Commit returned OK.
// After a restart, Compare reads every block and head chunk and reports
// acknowledged samples that are missing (lost), samples nobody
// acknowledged (phantom) and samples stored twice (duplicate).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/db/db.h"
#include "engine/storage/appender.h"

namespace tsdbsim {

struct OracleCheck {
  int64_t acked_samples = 0;
  int64_t stored_samples = 0;
  int64_t lost_acked_samples = 0;
  int64_t phantom_samples = 0;
  int64_t duplicate_samples = 0;
  std::string first_lost;     // "series t" of one lost sample, for the report
  std::string first_phantom;
};

class Oracle {
 public:
  // The primary storage seen through the oracle; `next` must outlive it.
  std::unique_ptr<tsdb::storage::Appendable> Wrap(tsdb::storage::Appendable* next);

  // Reads the whole DB (blocks and head) and compares.
  tsdb::Result<OracleCheck> Compare(tsdb::db::DB& db) const;

  int64_t acked_samples() const { return acked_count_; }
  const OracleCheck& last_check() const { return last_; }
  void set_last_check(OracleCheck c) { last_ = std::move(c); }
  // A new process hands out new refs: forget the old ones.
  void ForgetRefs() { by_ref_.clear(); }

  // Called by the wrapping appenders.
  struct Pending {
    uint32_t series;  // index into series_
    int64_t t_ms;
    uint64_t value_bits;
  };
  // The oracle's index of the series behind a storage ref (labels are only
  // turned into text the first time a ref is seen).
  uint32_t SeriesIndex(tsdb::storage::SeriesRef ref, const tsdb::Labels& labels);
  void Acknowledge(const std::vector<Pending>& samples);

 private:
  struct Series {
    std::string name;  // labels as text
    // In acknowledgement order: the head accepts only newer timestamps,
    // so these are sorted.
    std::vector<std::pair<int64_t, uint64_t>> samples;
  };
  std::vector<Series> series_;
  std::unordered_map<std::string, uint32_t> by_name_;  // looked up only
  std::unordered_map<tsdb::storage::SeriesRef, uint32_t> by_ref_;  // looked up only
  int64_t acked_count_ = 0;
  OracleCheck last_;
};

}  // namespace tsdbsim
