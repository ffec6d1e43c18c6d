#include "engine/scrape/scrape_manager.h"

#include <set>

namespace tsdb::scrape {
namespace {

bool SameConfig(const ScrapeConfig& a, const ScrapeConfig& b) {
  return a.job_name == b.job_name && a.scrape_interval_ms == b.scrape_interval_ms &&
         a.scrape_timeout_ms == b.scrape_timeout_ms && a.honor_labels == b.honor_labels &&
         a.honor_timestamps == b.honor_timestamps && a.sample_limit == b.sample_limit &&
         a.metrics_path == b.metrics_path && a.scheme == b.scheme;
}

}  // namespace

ScrapePool::ScrapePool(ScrapeConfig cfg, LoopContext ctx, uint64_t* next_loop_id)
    : cfg_(std::move(cfg)), ctx_(ctx), next_loop_id_(next_loop_id) {}

ScrapePool::~ScrapePool() = default;

void ScrapePool::Sync(const std::vector<TargetSpec>& targets) {
  std::set<uint64_t> wanted;
  for (const TargetSpec& spec : targets) {
    Target t(cfg_, spec.scraper, spec.labels);
    const uint64_t h = t.Hash();
    if (!wanted.insert(h).second || active_.contains(h)) continue;  // duplicates scrape once
    const uint64_t id = (*next_loop_id_)++;
    ctx_.sink->OnEvent({.type = EventType::kTargetAdded, .ref = id, .detail = t.labels().ToString()});
    auto loop = std::make_unique<ScrapeLoop>(id, cfg_, std::move(t), ctx_);
    loop->Start();
    active_.emplace(h, std::move(loop));
  }
  for (auto it = active_.begin(); it != active_.end();) {
    if (wanted.contains(it->first)) {
      ++it;
      continue;
    }
    ctx_.sink->OnEvent({.type = EventType::kTargetRemoved, .ref = it->second->id()});
    it->second->Stop(/*end_of_run_staleness=*/true);
    retired_.push_back(std::move(it->second));
    it = active_.erase(it);
  }
  Reap();
}

void ScrapePool::Stop(bool end_of_run_staleness) {
  for (auto& [h, loop] : active_) {
    ctx_.sink->OnEvent({.type = EventType::kTargetRemoved, .ref = loop->id()});
    loop->Stop(end_of_run_staleness);
    retired_.push_back(std::move(loop));
  }
  active_.clear();
  Reap();
}

void ScrapePool::Reap() {
  std::erase_if(retired_, [](const std::unique_ptr<ScrapeLoop>& l) { return l->done(); });
}

std::vector<const ScrapeLoop*> ScrapePool::loops() const {
  std::vector<const ScrapeLoop*> out;
  for (const auto& [h, loop] : active_) out.push_back(loop.get());
  return out;
}

const ScrapeLoop* ScrapePool::LoopFor(const Scraper* scraper) const {
  for (const auto& [h, loop] : active_) {
    if (loop->target().scraper() == scraper) return loop.get();
  }
  return nullptr;
}

ScrapeManager::ScrapeManager(LoopContext ctx) : ctx_(ctx) {
  if (ctx_.sink == nullptr) ctx_.sink = NullEventSink::Instance();
  ctx_.metrics = &metrics_;
}

Status ScrapeManager::ApplyConfig(const std::vector<JobConfig>& jobs) {
  std::set<std::string> names;
  for (const JobConfig& j : jobs) {
    TSDB_RETURN_IF_ERROR(j.config.Validate());
    if (!names.insert(j.config.job_name).second) {
      return Status::InvalidArgument("found multiple scrape configs with job name \"" + j.config.job_name + "\"");
    }
  }
  for (auto it = pools_.begin(); it != pools_.end();) {
    if (names.contains(it->first)) {
      ++it;
      continue;
    }
    it->second->Stop(/*end_of_run_staleness=*/true);
    retired_.push_back(std::move(it->second));
    it = pools_.erase(it);
  }
  for (const JobConfig& j : jobs) {
    auto it = pools_.find(j.config.job_name);
    if (it != pools_.end() && !SameConfig(it->second->config(), j.config)) {
      // 2.42 reloads the pool; its caches go with the old loops here, and
      // with them the old loops' end-of-run stale markers.
      it->second->Stop(/*end_of_run_staleness=*/false);
      retired_.push_back(std::move(it->second));
      pools_.erase(it);
      it = pools_.end();
    }
    if (it == pools_.end()) {
      it = pools_.emplace(j.config.job_name, std::make_unique<ScrapePool>(j.config, ctx_, &next_loop_id_)).first;
    }
    it->second->Sync(j.targets);
  }
  return {};
}

void ScrapeManager::Stop() {
  for (auto& [name, pool] : pools_) pool->Stop(/*end_of_run_staleness=*/false);
}

const ScrapePool* ScrapeManager::pool(const std::string& job) const {
  auto it = pools_.find(job);
  return it == pools_.end() ? nullptr : it->second.get();
}

std::vector<const ScrapeLoop*> ScrapeManager::loops() const {
  std::vector<const ScrapeLoop*> out;
  for (const auto& [name, pool] : pools_) {
    for (const ScrapeLoop* l : pool->loops()) out.push_back(l);
  }
  return out;
}

}  // namespace tsdb::scrape
