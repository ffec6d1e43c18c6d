// Exposition parsing speed on a real page (node_exporter 1.5.0's /metrics,
// 507 samples). A scrape-cache hit only needs Series() and the value, so the
// parse without label decoding is the steady state; decoding labels (and
// building a sorted Labels) is what a cache miss adds.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "engine/labels/labels.h"
#include "engine/scrape/textparse/parser.h"

namespace tsdb::scrape {
namespace {

std::string NodeExporterPage() {
  std::ifstream in(std::string(TSDB_FIXTURES_DIR) + "/exposition/node_exporter-1.5.0.txt",
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Parses the page once per iteration; items are samples.
template <typename OnSample>
void ParseLoop(benchmark::State& state, OnSample on_sample) {
  const std::string page = NodeExporterPage();
  if (page.empty()) {
    state.SkipWithError("fixture page not found");
    return;
  }
  int64_t samples = 0;
  for (auto _ : state) {
    auto parser = NewParser(page, "text/plain; version=0.0.4; charset=utf-8");
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
  ParseLoop(state, [](const Parser&) {});
}
BENCHMARK(BM_ParseNodeExporter);

void BM_ParseNodeExporterDecodeLabels(benchmark::State& state) {
  LabelsBuilder b;
  ParseLoop(state, [&b](const Parser& p) {
    p.Labels(&b);
    b.Sort();
    benchmark::DoNotOptimize(b.Build());
  });
}
BENCHMARK(BM_ParseNodeExporterDecodeLabels);

}  // namespace
}  // namespace tsdb::scrape
