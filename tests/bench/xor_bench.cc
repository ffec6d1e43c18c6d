// XOR chunk speed on scrape-like data: 120-sample chunks, 15 s interval with
// a few ms of jitter, counter-like (integer steps) and gauge-like (noisy
// full-precision floats) series. Reports samples/s and ns/sample.
#include <benchmark/benchmark.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/chunkenc/xor.h"

namespace tsdb::chunkenc {
namespace {

constexpr int kSamplesPerChunk = 120;
constexpr int kChunks = 1024;
constexpr int64_t kScrapeIntervalMs = 15'000;

// A fixed, portable PRNG so every run measures the same data.
struct SplitMix64 {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
    return z ^ (z >> 31);
  }
  int64_t Uniform(int64_t lo, int64_t hi) {  // [lo, hi]
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
};

struct Series {
  std::vector<int64_t> t_ms;
  std::vector<double> v;
};

enum Kind { kCounter = 0, kGauge = 1 };

std::vector<Series> MakeData(Kind kind) {
  SplitMix64 rng{0x5EED0000u + static_cast<uint64_t>(kind)};
  std::vector<Series> all(kChunks);
  for (Series& s : all) {
    int64_t scheduled_ms = 1'700'000'000'000 + rng.Uniform(0, kScrapeIntervalMs);
    double v = kind == kCounter ? static_cast<double>(rng.Uniform(0, 1'000'000)) : rng.Unit() * 100;
    for (int i = 0; i < kSamplesPerChunk; i++) {
      s.t_ms.push_back(scheduled_ms + rng.Uniform(-3, 3));  // scrape jitter
      s.v.push_back(v);
      scheduled_ms += kScrapeIntervalMs;
      if (kind == kCounter) {
        // Most counters move by small integers; some stay put for a while.
        if (rng.Uniform(0, 3) != 0) v += static_cast<double>(rng.Uniform(1, 5000));
      } else {
        v = std::fabs(v + (rng.Unit() - 0.5) * 2.0);
      }
    }
  }
  return all;
}

void SetCounters(benchmark::State& state) {
  const auto samples = static_cast<double>(state.iterations()) * kChunks * kSamplesPerChunk;
  state.SetItemsProcessed(static_cast<int64_t>(samples));
  state.counters["time_per_sample"] =
      benchmark::Counter(samples, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_XorAppend(benchmark::State& state) {
  const std::vector<Series> data = MakeData(static_cast<Kind>(state.range(0)));
  size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    for (const Series& s : data) {
      XorChunk c;
      for (int i = 0; i < kSamplesPerChunk; i++) c.Append(s.t_ms[i], s.v[i]);
      benchmark::DoNotOptimize(c.bytes().data());
      bytes += c.bytes().size();
    }
  }
  SetCounters(state);
  state.counters["bytes_per_sample"] = static_cast<double>(bytes) / (kChunks * kSamplesPerChunk);
}

void BM_XorIterate(benchmark::State& state) {
  const std::vector<Series> data = MakeData(static_cast<Kind>(state.range(0)));
  std::vector<XorChunk> chunks(data.size());
  for (size_t k = 0; k < data.size(); k++) {
    for (int i = 0; i < kSamplesPerChunk; i++) chunks[k].Append(data[k].t_ms[i], data[k].v[i]);
  }
  for (auto _ : state) {
    uint64_t sum = 0;
    for (const XorChunk& c : chunks) {
      XorIterator it(c.bytes());
      while (it.Next()) sum += static_cast<uint64_t>(it.t()) ^ it.v_bits();
      if (!it.status().ok()) state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(sum);
  }
  SetCounters(state);
}

BENCHMARK(BM_XorAppend)->ArgName("gauge")->Arg(kCounter)->Arg(kGauge);
BENCHMARK(BM_XorIterate)->ArgName("gauge")->Arg(kCounter)->Arg(kGauge);

}  // namespace
}  // namespace tsdb::chunkenc
