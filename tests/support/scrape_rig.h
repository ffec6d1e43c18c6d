// A whole scrape path for tests: a DB on a temporary directory as the
// fanout's primary, a simulated remote-write receiver as its secondary,
// a scrape manager on the simulator's event loop, and scrapers whose pages
// the test sets. Every Append/Commit/Rollback reaching either storage is
// logged in one list, so tests can check the fanout's order of calls.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/failing_filesystem.h"
#include "engine/db/db.h"
#include "engine/db/querier.h"
#include "engine/labels/matcher.h"
#include "engine/scrape/scrape_manager.h"
#include "engine/storage/fanout.h"
#include "sim/kernel/event_loop.h"
#include "sim/kernel/rng.h"
#include "sim/storage/remote_write_receiver.h"
#include "support/temp_dir.h"

namespace tsdb::testing {

// Serves whatever page the test put in it last.
class FakeScraper final : public scrape::Scraper {
 public:
  explicit FakeScraper(std::string address) : address_(std::move(address)) {}
  scrape::ScrapeResponse Scrape(int64_t now_ms) override {
    scrape_times.push_back(now_ms);
    return response;
  }
  std::string Address() const override { return address_; }

  scrape::ScrapeResponse response;
  std::vector<int64_t> scrape_times;

 private:
  std::string address_;
};

// Wraps a storage and logs "<name>.append", "<name>.commit", "<name>.rollback".
class LoggingAppendable final : public storage::Appendable {
 public:
  LoggingAppendable(std::string name, storage::Appendable* next, std::vector<std::string>* log)
      : name_(std::move(name)), next_(next), log_(log) {}
  std::unique_ptr<storage::Appender> Appender() override {
    return std::make_unique<App>(this, next_->Appender());
  }

 private:
  class App final : public storage::Appender {
   public:
    App(LoggingAppendable* o, std::unique_ptr<storage::Appender> next) : o_(o), next_(std::move(next)) {}
    Result<storage::SeriesRef> Append(storage::SeriesRef ref, const Labels& l, int64_t t, double v) override {
      o_->log_->push_back(o_->name_ + ".append");
      return next_->Append(ref, l, t, v);
    }
    Status Commit() override {
      o_->log_->push_back(o_->name_ + ".commit");
      return next_->Commit();
    }
    Status Rollback() override {
      o_->log_->push_back(o_->name_ + ".rollback");
      return next_->Rollback();
    }

   private:
    LoggingAppendable* o_;
    std::unique_ptr<storage::Appender> next_;
  };
  std::string name_;
  storage::Appendable* next_;
  std::vector<std::string>* log_;
};

class ScrapeRig {
 public:
  static constexpr int64_t kStartMs = 1'700'000'040'000;  // an arbitrary virtual epoch

  // sink, when given, hears the DB, the fanout and the scrape loops.
  explicit ScrapeRig(uint64_t seed = 1, tsdbsim::RemoteWriteReceiverOptions rw = {}, EventSink* sink = nullptr)
      : loop(kStartMs), receiver(rw, &loop) {
    db::DbOptions opts;
    opts.block_chunk_segment_size_bytes = 1 << 20;
    auto d = db::DB::Open(&fs, dir.path(), opts, &loop.clock(), &random, sink, &loop, &report);
    TSDB_ASSERT(d.ok());
    db = std::move(d).value();
    primary = std::make_unique<LoggingAppendable>("primary", db.get(), &calls);
    secondary = std::make_unique<LoggingAppendable>("secondary", &receiver, &calls);
    fanout = std::make_unique<storage::Fanout>(primary.get(), std::vector<storage::Appendable*>{secondary.get()},
                                               sink);
    tsdbsim::Rng rng(seed);
    manager = std::make_unique<scrape::ScrapeManager>(
        scrape::LoopContext{fanout.get(), &loop, sink, nullptr, rng.NextU64()});
  }

  static scrape::ScrapeConfig Job(const std::string& name, int64_t interval_ms = 15'000) {
    scrape::ScrapeConfig c;
    c.job_name = name;
    c.scrape_interval_ms = interval_ms;
    c.scrape_timeout_ms = std::min<int64_t>(10'000, interval_ms);
    return c;
  }

  // Samples of the series matching `selector` (e.g. `{__name__="up"}`), as t -> value bits.
  std::map<int64_t, uint64_t> Samples(const std::string& selector) const {
    std::map<int64_t, uint64_t> out;
    for (const auto& [series, samples] : AllSamples(selector)) out.insert(samples.begin(), samples.end());
    return out;
  }
  // Every sample the head holds (or those of `selector`), as label text -> t -> value bits.
  std::map<std::string, std::map<int64_t, uint64_t>> AllSamples(const std::string& selector = "{__name__=~\".+\"}") const {
    auto ms = ParseMatchers(selector);
    TSDB_ASSERT(ms.ok());
    std::map<std::string, std::map<int64_t, uint64_t>> out;
    db::Querier q({{}, &db->head()}, INT64_MIN, INT64_MAX);
    Status s = q.Select(*ms, [&](const Labels& l, std::span<const db::Sample> samples) {
      auto& m = out[l.ToString()];
      for (const auto& x : samples) m[x.t] = std::bit_cast<uint64_t>(x.v);
      return Status::Ok();
    });
    TSDB_ASSERT(s.ok());
    return out;
  }
  // Every series the DB holds, as label text -> sample count.
  std::map<std::string, size_t> SeriesCounts() const {
    std::map<std::string, size_t> out;
    for (const auto& [series, samples] : AllSamples()) out[series] = samples.size();
    return out;
  }

  FailingFilesystem fs;  // fail_writes makes the primary fail its commits
  TempDir dir;
  tsdbsim::EventLoop loop;
  tsdbsim::Rng random{7};
  tsdbsim::RemoteWriteReceiver receiver;
  db::OpenReport report;
  std::unique_ptr<db::DB> db;
  std::vector<std::string> calls;
  std::unique_ptr<LoggingAppendable> primary;
  std::unique_ptr<LoggingAppendable> secondary;
  std::unique_ptr<storage::Fanout> fanout;
  std::unique_ptr<scrape::ScrapeManager> manager;
};

}  // namespace tsdb::testing
