// WAL record codec speed. Samples are the bulk of a WAL: replay decodes
// millions of them, every commit encodes them.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/record/record.h"

namespace tsdb::record {
namespace {

constexpr int kSamples = 1000;

// One scrape's commit: consecutive series refs, one timestamp, gauge-like values.
std::vector<RefSample> ScrapeSamples() {
  std::vector<RefSample> s;
  for (int i = 0; i < kSamples; i++) {
    s.push_back({static_cast<uint64_t>(1000 + i), 1'700'000'000'000 + (i % 3),
                 static_cast<double>(i) * 1.5 + 0.25});
  }
  return s;
}

// Reports time per sample next to the usual per-iteration time.
void PerSample(benchmark::State& state, int64_t n) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * n);
  state.counters["per_sample"] = benchmark::Counter(
      static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_EncodeSamples1000(benchmark::State& state) {
  const std::vector<RefSample> samples = ScrapeSamples();
  Bytes buf;
  for (auto _ : state) {
    buf.clear();  // a reused buffer, as the head appender keeps one
    EncodeSamples(samples, &buf);
    benchmark::DoNotOptimize(buf.data());
  }
  PerSample(state, kSamples);
  state.counters["bytes_per_sample"] = static_cast<double>(buf.size()) / kSamples;
}
BENCHMARK(BM_EncodeSamples1000);

void BM_DecodeSamples1000(benchmark::State& state) {
  Bytes rec;
  EncodeSamples(ScrapeSamples(), &rec);
  std::vector<RefSample> out;
  for (auto _ : state) {
    out.clear();  // a reused vector, as replay keeps one
    benchmark::DoNotOptimize(DecodeSamples(rec, &out).ok());
    benchmark::DoNotOptimize(out.data());
  }
  PerSample(state, kSamples);
}
BENCHMARK(BM_DecodeSamples1000);

std::vector<RefSeries> NodeExporterLikeSeries() {
  std::vector<RefSeries> s;
  for (int i = 0; i < kSamples; i++) {
    s.push_back({static_cast<uint64_t>(i + 1),
                 Labels::FromStrings({"__name__", "node_cpu_seconds_total", "cpu", std::to_string(i % 64),
                                      "instance", "localhost:9100", "job", "node", "mode",
                                      i % 2 == 0 ? "idle" : "user"})});
  }
  return s;
}

void BM_DecodeSeries1000(benchmark::State& state) {
  Bytes rec;
  EncodeSeries(NodeExporterLikeSeries(), &rec);
  std::vector<RefSeries> out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(DecodeSeries(rec, &out).ok());
  }
  PerSample(state, kSamples);  // per series here
}
BENCHMARK(BM_DecodeSeries1000);

void BM_LabelsHash(benchmark::State& state) {
  const std::vector<RefSeries> series = NodeExporterLikeSeries();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(series[i].labels.Hash());
    i = (i + 1) % series.size();
  }
}
BENCHMARK(BM_LabelsHash);

}  // namespace
}  // namespace tsdb::record
