#include "sim/step/seek_cache.h"

#include "engine/base/assert.h"

namespace tsdbsim {

SeekCache::SeekCache(std::string text, std::string file, SessionOptions options, SeekCacheOptions cache)
    : text_(std::move(text)), file_(std::move(file)), options_(std::move(options)), cache_(cache) {
  TSDB_ASSERT(cache_.spacing_ms > 0 && cache_.max_parked > 0);
  builder_ = std::thread([this] { Build(); });
}

SeekCache::~SeekCache() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  changed_.notify_all();
  builder_.join();
}

void SeekCache::Want(int64_t elapsed_ms) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (elapsed_ms <= wanted_up_to_ms_) return;
    wanted_up_to_ms_ = elapsed_ms;
    // Sessions too far behind are no longer wanted: their memory goes.
    const int64_t last = elapsed_ms / cache_.spacing_ms * cache_.spacing_ms;
    const int64_t first = last - static_cast<int64_t>(cache_.max_parked - 1) * cache_.spacing_ms;
    std::erase_if(parked_, [&](const auto& p) { return p.first < first; });
  }
  changed_.notify_all();
}

int64_t SeekCache::NextToBuild() const {
  if (wanted_up_to_ms_ < cache_.spacing_ms) return -1;
  const int64_t last = wanted_up_to_ms_ / cache_.spacing_ms * cache_.spacing_ms;
  for (size_t k = 0; k < cache_.max_parked; k++) {
    const int64_t t = last - static_cast<int64_t>(k) * cache_.spacing_ms;
    if (t < cache_.spacing_ms) break;  // a session at 0 is a fresh one: no need to park it
    if (!parked_.contains(t)) return t;
  }
  return -1;
}

void SeekCache::Build() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return stop_ || !discarded_.empty() || NextToBuild() >= 0; });
    if (stop_) return;
    if (!discarded_.empty()) {
      std::vector<std::unique_ptr<Session>> gone = std::move(discarded_);
      discarded_.clear();
      lock.unlock();
      gone.clear();
      lock.lock();
      changed_.notify_all();
      continue;
    }
    const int64_t t = NextToBuild();
    building_ms_ = t;
    lock.unlock();
    auto session = Session::Open(text_, file_, options_);
    std::unique_ptr<Session> built;
    if (session.ok()) {
      // In slices, so that a stop does not wait for a whole run.
      bool ok = true;
      for (int64_t at = 0; ok && at < t;) {
        at = std::min(t, at + cache_.spacing_ms / 8 + 1);
        ok = (*session)->RunUntil(at).ok();
        std::lock_guard<std::mutex> check(mu_);
        if (stop_) ok = false;
      }
      if (ok) built = std::move(*session);
    }
    lock.lock();
    building_ms_ = -1;
    changed_.notify_all();
    // A session that failed to build is parked as null: Take skips it and
    // nothing builds it again (the live run will meet the same failure).
    parked_[t] = std::move(built);
    changed_.notify_all();
  }
}

std::unique_ptr<Session> SeekCache::Take(int64_t elapsed_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = parked_.upper_bound(elapsed_ms);
  while (it != parked_.begin()) {
    --it;
    if (it->second != nullptr) {
      std::unique_ptr<Session> s = std::move(it->second);
      parked_.erase(it);
      changed_.notify_all();
      return s;
    }
  }
  return nullptr;
}

void SeekCache::Discard(std::unique_ptr<Session> session) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    discarded_.push_back(std::move(session));
  }
  changed_.notify_all();
}

void SeekCache::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return stop_ || (NextToBuild() < 0 && building_ms_ < 0 && discarded_.empty()); });
}

size_t SeekCache::parked() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [t, s] : parked_) n += s != nullptr ? 1 : 0;
  return n;
}

}  // namespace tsdbsim
