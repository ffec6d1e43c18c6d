// Exposition parsing speed on a real page (node_exporter 1.5.0's /metrics,
// 507 samples) and on the simulator's synthetic 1,000-series page. A
// scrape-cache hit only needs Series() and the value, so the parse without
// label decoding is the steady state; decoding labels (and building a
// sorted Labels) is what a cache miss adds.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "engine/labels/labels.h"
#include "engine/scrape/textparse/parser.h"
#include "engine/scrape/textparse/prom_parser.h"
#include "sim/targets/synthetic_target.h"
#include "support/fixtures.h"

namespace tsdb::scrape {
namespace {

std::string NodeExporterPage() { return tsdb::testing::ReadFixture("exposition/node_exporter-1.5.0.txt"); }

// The simulator's yardstick page: what `target node series=1000` serves
// (families of ten counters or gauges, HELP and TYPE per family), after a
// few scrapes so that values have moved.
std::string SyntheticPage() {
  tsdbsim::SyntheticTargetSpec spec;
  spec.series_per_family = 10;
  spec.counters = 50;
  spec.gauges = 50;
  spec.histograms = 0;
  spec.summaries = 0;
  tsdbsim::SyntheticTarget target(spec, 1);
  std::string body;
  for (int64_t t_ms = 0; t_ms <= 60'000; t_ms += 15'000) body = target.Scrape(t_ms).body;
  return body;
}

// Parses the page once per iteration; items are samples.
template <typename OnSample>
void ParseLoop(benchmark::State& state, const std::string& page, OnSample on_sample,
               PromParsePaths paths = PromParsePaths::kFast) {
  if (page.empty()) {
    state.SkipWithError("fixture page not found");
    return;
  }
  int64_t samples = 0;
  for (auto _ : state) {
    auto parser = paths == PromParsePaths::kFast
                      ? NewParser(page, "text/plain; version=0.0.4; charset=utf-8")
                      : std::make_unique<PromParser>(page, paths);
    samples = 0;
    for (;;) {
      auto e = parser->Next();
      if (!e.ok() || *e == EntryType::kEof) break;
      if (*e != EntryType::kSeries) continue;
      benchmark::DoNotOptimize(parser->Series().data());
      benchmark::DoNotOptimize(parser->Value());
      on_sample(*parser);
      samples++;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * samples);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
  state.counters["samples"] = static_cast<double>(samples);
}

void BM_ParseNodeExporter(benchmark::State& state) {
  ParseLoop(state, NodeExporterPage(), [](const Parser&) {});
}
BENCHMARK(BM_ParseNodeExporter);

void BM_ParseNodeExporterDecodeLabels(benchmark::State& state) {
  LabelsBuilder b;
  ParseLoop(state, NodeExporterPage(), [&b](const Parser& p) {
    p.Labels(&b);
    b.Sort();
    benchmark::DoNotOptimize(b.Build());
  });
}
BENCHMARK(BM_ParseNodeExporterDecodeLabels);

void BM_ParseSyntheticPage(benchmark::State& state) {
  ParseLoop(state, SyntheticPage(), [](const Parser&) {});
}
BENCHMARK(BM_ParseSyntheticPage);

// Without the one-pass line readers: what they save.
void BM_ParseSyntheticPageTokensOnly(benchmark::State& state) {
  ParseLoop(
      state, SyntheticPage(), [](const Parser&) {}, PromParsePaths::kTokensOnly);
}
BENCHMARK(BM_ParseSyntheticPageTokensOnly);

void BM_ParseNodeExporterTokensOnly(benchmark::State& state) {
  ParseLoop(
      state, NodeExporterPage(), [](const Parser&) {}, PromParsePaths::kTokensOnly);
}
BENCHMARK(BM_ParseNodeExporterTokensOnly);

}  // namespace
}  // namespace tsdb::scrape
