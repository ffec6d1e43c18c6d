#include "engine/scrape/target.h"

#include <cstdio>
#include <vector>

#include "engine/db/go_format.h"

namespace tsdb::scrape {
namespace {

uint64_t Fnv1a64(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::string DurationLabel(int64_t ms) { return db::GoDurationString(ms * 1'000'000); }

Target::Target(const ScrapeConfig& cfg, Scraper* scraper, const Labels& extra) : scraper_(scraper) {
  const std::string address = scraper->Address();
  url_ = cfg.scheme + "://" + address + cfg.metrics_path;
  LabelsBuilder all;
  LabelsBuilder pub;
  for (const Label& l : extra) {
    all.Add(l.name, l.value);
    if (!l.name.starts_with("__")) pub.Add(l.name, l.value);
  }
  const std::string interval = DurationLabel(cfg.scrape_interval_ms);
  const std::string timeout = DurationLabel(cfg.scrape_timeout_ms);
  const std::pair<std::string_view, std::string_view> fixed[] = {
      {"__address__", address},      {"__metrics_path__", cfg.metrics_path},
      {"__scheme__", cfg.scheme},    {"__scrape_interval__", interval},
      {"__scrape_timeout__", timeout}};
  for (const auto& [n, v] : fixed) all.Add(n, v);
  // Discovered labels win over the defaults, as after 2.42's relabeling.
  for (const auto& [n, v] : {std::pair<std::string_view, std::string_view>{"instance", address}, {"job", cfg.job_name}}) {
    if (extra.Has(n)) continue;
    all.Add(n, v);
    pub.Add(n, v);
  }
  all.Sort();
  pub.Sort();
  labels_ = all.Build();
  public_labels_ = pub.Build();
}

uint64_t Target::Hash() const {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%016llu", static_cast<unsigned long long>(labels_.Hash()));
  uint64_t h = 0xcbf29ce484222325ULL;
  h = Fnv1a64(h, digits);
  return Fnv1a64(h, url_);
}

int64_t Target::OffsetMs(int64_t interval_ms, uint64_t jitter_seed, int64_t now_ms) const {
  TSDB_ASSERT(interval_ms > 0);
  const int64_t base = interval_ms - ((now_ms % interval_ms) + interval_ms) % interval_ms;
  const auto offset = static_cast<int64_t>((Hash() ^ jitter_seed) % static_cast<uint64_t>(interval_ms));
  int64_t next = base + offset;
  if (next > interval_ms) next -= interval_ms;
  return next;
}

}  // namespace tsdb::scrape
