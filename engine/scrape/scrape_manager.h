// ScrapeManager and ScrapePool (2.42's scrape.Manager and scrapePool): one
// pool per job, one loop per target. Applying a new target list starts
// loops for new targets and stops the loops of vanished ones, which then
// write stale markers for everything they scraped (§11.4).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/scrape/scrape_loop.h"

namespace tsdb::scrape {

struct TargetSpec {
  Scraper* scraper;  // must outlive the manager
  Labels labels;     // extra discovered labels, e.g. {env="prod"}
};

struct JobConfig {
  ScrapeConfig config;
  std::vector<TargetSpec> targets;
};

class ScrapePool {
 public:
  ScrapePool(ScrapeConfig cfg, LoopContext ctx, uint64_t* next_loop_id);
  ~ScrapePool();

  // Starts loops for new targets (identified by Target::Hash), stops the
  // loops of targets no longer listed, with end-of-run staleness.
  void Sync(const std::vector<TargetSpec>& targets);
  // Stops every loop: with staleness when the job is removed, without on
  // shutdown.
  void Stop(bool end_of_run_staleness);

  const ScrapeConfig& config() const { return cfg_; }
  // Active loops, in target-hash order.
  std::vector<const ScrapeLoop*> loops() const;
  const ScrapeLoop* LoopFor(const Scraper* scraper) const;

 private:
  void Reap();

  ScrapeConfig cfg_;
  LoopContext ctx_;
  uint64_t* next_loop_id_;
  std::map<uint64_t, std::unique_ptr<ScrapeLoop>> active_;  // by target hash
  std::vector<std::unique_ptr<ScrapeLoop>> retired_;       // stopped, maybe still writing markers
};

class ScrapeManager {
 public:
  // ctx.jitter_seed stands for 2.42's hash of the host name and external
  // labels: the simulator draws it from its seed.
  explicit ScrapeManager(LoopContext ctx);

  // Pools for new jobs, Sync for kept ones (a changed config restarts the
  // job's loops), stop with staleness for removed jobs. Invalid configs
  // are rejected before anything changes.
  Status ApplyConfig(const std::vector<JobConfig>& jobs);
  // Shutdown: no stale markers (the server will carry on where it was).
  void Stop();

  const ScrapeMetrics& metrics() const { return metrics_; }
  const ScrapePool* pool(const std::string& job) const;
  std::vector<const ScrapeLoop*> loops() const;  // every job, job-name order

 private:
  LoopContext ctx_;
  ScrapeMetrics metrics_;
  uint64_t next_loop_id_ = 1;
  std::map<std::string, std::unique_ptr<ScrapePool>> pools_;
  std::vector<std::unique_ptr<ScrapePool>> retired_;
};

}  // namespace tsdb::scrape
