// Frame time of the lane canvas with 10,000+ chunks on screen (DESIGN.md §6:
// layers are reused, not rebuilt as items), and the cost of a slider seek
// back in the flagship. Speed lives here, never in a test's assertions.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <cstdlib>

#include "gui/app/main_window.h"
#include "gui/app/screenshot.h"
#include "gui/views/lanes.h"

namespace tsdbsim::gui {
namespace {

// 1,400 series for 4h: ~11,000 chunks written to chunks_head/.
constexpr char kManyChunks[] = R"(seed 3
config chunk_range=2h scrape_interval=15s
target a series=720
target b series=720
run 4h
)";

struct Shown {
  Controller controller;
  std::unique_ptr<MainWindow> window;
};

std::unique_ptr<Shown> Open(const std::string& text, const std::string& file, bool to_end) {
  auto s = std::make_unique<Shown>();
  s->controller.set_animation_frames(0);
  QString error;
  if (!s->controller.OpenText(text, file, std::nullopt, &error)) std::abort();
  if (to_end) s->controller.RunToEnd();
  s->window = std::make_unique<MainWindow>(&s->controller);
  s->window->resize(1600, 1000);
  LayOutOffscreen(*s->window);
  return s;
}

void BM_LaneCanvasFrame(benchmark::State& state) {
  auto s = Open(kManyChunks, "many-chunks", true);
  LaneCanvas* canvas = s->window->canvas();
  for (auto _ : state) {
    canvas->Update(s->controller.model());
    canvas->replot(QCustomPlot::rpImmediateRefresh);
  }
  state.counters["chunks_in_view"] = canvas->lane<MmapLane>()->layers()[0]->in_view();
  state.counters["scrapes_in_view"] = canvas->lane<ScrapeLane>()->layers()[0]->in_view();
}
BENCHMARK(BM_LaneCanvasFrame)->Unit(benchmark::kMillisecond);

// The two halves of a frame: refilling the layers, and painting them.
void BM_LaneCanvasUpdateOnly(benchmark::State& state) {
  auto s = Open(kManyChunks, "many-chunks", true);
  for (auto _ : state) s->window->canvas()->Update(s->controller.model());
}
BENCHMARK(BM_LaneCanvasUpdateOnly)->Unit(benchmark::kMillisecond);

void BM_LaneCanvasReplotOnly(benchmark::State& state) {
  auto s = Open(kManyChunks, "many-chunks", true);
  for (auto _ : state) s->window->canvas()->replot(QCustomPlot::rpImmediateRefresh);
}
BENCHMARK(BM_LaneCanvasReplotOnly)->Unit(benchmark::kMillisecond);

void BM_WholeWindowRefresh(benchmark::State& state) {
  auto s = Open(kManyChunks, "many-chunks", true);
  for (auto _ : state) {
    s->window->Refresh();
    s->window->canvas()->replot(QCustomPlot::rpImmediateRefresh);
  }
}
BENCHMARK(BM_WholeWindowRefresh)->Unit(benchmark::kMillisecond);

std::string Flagship() {
  QFile f(QString(TSDB_SOURCE_DIR) + "/sim/scenarios/flagship.tsdbsim");
  if (!f.open(QIODevice::ReadOnly)) std::abort();
  return f.readAll().toStdString();
}

// The user drags the slider one hour back from the end of the flagship:
// the session seeks (from a parked session of the seek cache) and the lanes
// fold the trace again; the window redraws.
void BM_SliderSeekBackOneHour(benchmark::State& state) {
  auto s = Open(Flagship(), "flagship", false);
  Controller& c = s->controller;
  const int64_t end_ms = 10 * 3'600'000;
  c.SeekTo(end_ms);
  for (auto _ : state) {
    state.PauseTiming();
    c.SeekTo(end_ms);
    c.WaitForSeekCache();  // as a user does between two drags
    QApplication::processEvents();
    state.ResumeTiming();
    s->window->timeline()->setValue(static_cast<int>((end_ms - 3'600'000) / 1000));
    s->window->Refresh();
  }
  state.counters["cache_hits"] = static_cast<double>(c.session()->seek_cache_hits());
  state.counters["rebuilds"] = static_cast<double>(c.session()->rebuilds());
}
BENCHMARK(BM_SliderSeekBackOneHour)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace tsdbsim::gui

int main(int argc, char** argv) {
  if (std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
