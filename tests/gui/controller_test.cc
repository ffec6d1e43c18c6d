// The controls: step and step back, seeking with the slider, play, forks
// with a fault, every fault button, restart.
#include <gtest/gtest.h>

#include "gui/app/main_window.h"
#include "gui/views/lanes.h"
#include "gui_support.h"
#include "support/session_support.h"

namespace tsdbsim::gui {
namespace {

struct Snapshot {
  World world;
  size_t shown = 0;
  size_t scrapes = 0;
  size_t chunks = 0;
  bool operator==(const Snapshot&) const = default;
};

Snapshot Take(const Controller& c) {
  return {c.model().world(), c.model().shown(), c.model().lanes().scrapes.size(), c.model().lanes().mmapped.size()};
}

TEST(ControllerTest, StepForwardThenBackReturnsToTheSameWorld) {
  Controller c;
  c.set_animation_frames(0);
  OpenScenario(c, "flagship.tsdbsim");
  c.SeekTo(29 * 60'000 + 59'000);  // just before the first chunks are cut and mmapped
  std::vector<Snapshot> seen;
  for (int i = 0; i < 60; i++) {
    seen.push_back(Take(c));
    c.StepOnce();
  }
  c.StepTo("mmap");
  EXPECT_GT(c.model().lanes().mmapped.size(), seen.back().chunks);
  c.StepBack();  // back over the StepTo
  EXPECT_EQ(Take(c).world, Take(c).world);
  for (auto it = seen.rbegin(); it != seen.rend(); ++it) {
    c.StepBack();
    ASSERT_EQ(Take(c), *it) << "step back to " << it->world.elapsed_ms;
  }
}

TEST(ControllerTest, SliderSeeksBackAndForwardToWhatRunningGives) {
  Controller c;
  c.set_animation_frames(0);
  OpenScenario(c, "flagship.tsdbsim");
  MainWindow w(&c);
  c.SeekTo(2 * 3'600'000);
  w.Refresh();
  EXPECT_EQ(w.timeline()->maximum(), 2 * 3600);
  w.timeline()->setValue(45 * 60);  // the user drags the slider back
  EXPECT_EQ(c.model().now_ms(), 45 * 60'000);
  auto fresh = OpenText(ReadText(ScenarioPath("flagship.tsdbsim").toStdString()), "flagship");
  ASSERT_TRUE(fresh->RunUntil(45 * 60'000).ok());
  EXPECT_EQ(c.model().world(), fresh->TakeWorld());
  // The lanes were folded again from the start: as many scrapes as the world counts.
  int64_t scrapes = 0;
  for (const WorldTarget& t : c.model().world().targets) scrapes += t.scrapes_total;
  EXPECT_EQ(static_cast<int64_t>(c.model().lanes().scrapes.size()), scrapes);
  EXPECT_TRUE(std::all_of(c.model().plot().begin(), c.model().plot().end(),
                          [](const PlotPoint& p) { return p.t_ms <= 45 * 60'000; }));
  w.timeline()->setValue(90 * 60);  // and forward again, within what was simulated
  EXPECT_EQ(c.model().now_ms(), 90 * 60'000);
  EXPECT_EQ(w.timeline()->maximum(), 2 * 3600);
}

TEST(ControllerTest, PlayAdvancesBySpeedAndFlatOutFinishes) {
  Controller c;
  c.set_animation_frames(0);
  OpenScenario(c, "flagship.tsdbsim");
  c.SeekTo(60'000);
  c.SetSpeed(1000);  // 1000x: 16 s of virtual time a frame
  c.Play();
  ASSERT_TRUE(c.playing());
  c.Tick();
  EXPECT_EQ(c.model().now_ms(), 60'000 + 16'000);
  c.SetSpeed(0);
  for (int i = 0; i < 200 && !c.session()->done(); i++) c.Tick();
  EXPECT_TRUE(c.session()->done());
  EXPECT_EQ(c.session()->TraceHashHex(), RunHash(ReadText(ScenarioPath("flagship.tsdbsim").toStdString()), "flagship"));
  EXPECT_GT(c.model().plot().size(), 500u);  // a point a minute over 10 h
}

TEST(ControllerTest, ForkWithAPowerLossThenRestartShowsTheOraclesVerdict) {
  Controller c;
  c.set_animation_frames(0);
  OpenScenario(c, "flagship.tsdbsim");
  c.SeekTo(100 * 60'000);
  const int64_t acked = c.model().world().oracle.acked_samples;
  const size_t plot_points = c.model().plot().size();
  QString error;
  ASSERT_TRUE(c.Inject(FaultLines(FaultButton::kPowerLoss), &error)) << error.toStdString();
  EXPECT_TRUE(c.forked());
  EXPECT_FALSE(c.model().world().process_up);
  ASSERT_EQ(c.model().lanes().crashes.size(), 1u);
  EXPECT_EQ(c.model().lanes().crashes[0].t_ms, 100 * 60'000);
  EXPECT_GE(c.model().plot().size(), plot_points);  // the plots keep the run before the fork
  EXPECT_TRUE(c.scenario_text().contains("crash power_loss"));
  ASSERT_TRUE(c.Restart(&error)) << error.toStdString();
  const World& w = c.model().world();
  EXPECT_TRUE(w.process_up);
  EXPECT_EQ(w.oracle.checks, 1);
  EXPECT_EQ(w.oracle.violations, 0);
  // A power loss under the strict POSIX disk loses what no fsync covered,
  // all of it allowed by 2.42's contract: the verdict says how much and why.
  EXPECT_GT(w.oracle.lost_unsynced + w.oracle.lost_unsynced_entry, 0);
  EXPECT_LE(w.oracle.lost_unsynced + w.oracle.lost_unsynced_entry, acked);
  EXPECT_FALSE(w.oracle.last_check.empty());
  ASSERT_EQ(c.model().lanes().replays.size(), 2u);  // the first start and this one
  EXPECT_EQ(c.model().lanes().replays.back().phase, "done");
  // The saved fork runs on its own to the same end.
  auto again = OpenText(c.scenario_text().toStdString(), "fork");
  ASSERT_TRUE(again->RunToEnd().ok());
  c.RunToEnd();
  EXPECT_EQ(again->TraceHashHex(), c.session()->TraceHashHex());
}

TEST(ControllerTest, EveryFaultButtonDoesWhatItSays) {
  struct Case {
    FaultButton button;
    const char* expect_in_log;
    bool process_up_after;
  };
  const Case cases[] = {
      {FaultButton::kProcessCrash, "process", false}, {FaultButton::kPowerLoss, "power_loss", false},
      {FaultButton::kTornWrite, "torn", false},       {FaultButton::kFsyncError, "fsync_fail", true},
      {FaultButton::kEnospc, "no_space", true},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.expect_in_log);
    Controller c;
    c.set_animation_frames(0);
    OpenScenario(c, "flagship.tsdbsim");
    c.SeekTo(40 * 60'000);
    QString error;
    ASSERT_TRUE(c.Inject(FaultLines(k.button), &error)) << error.toStdString();
    if (k.process_up_after) c.RunToEnd();
    const World& w = c.model().world();
    EXPECT_EQ(w.process_up, k.process_up_after);
    std::string log;
    for (const std::string& l : w.faults.log) log += l + "\n";
    EXPECT_NE(log.find(k.expect_in_log), std::string::npos) << log;
    if (k.process_up_after) {
      EXPECT_GT(w.faults.fired, 0) << log;
    }
  }
}

TEST(ControllerTest, CorruptingAWalByteShowsCorruptionAndRepairInTheReplay) {
  Controller c;
  c.set_animation_frames(0);
  OpenScenario(c, "flagship.tsdbsim");
  c.SeekTo(50 * 60'000);
  const World before = c.model().world();
  ASSERT_FALSE(before.wal.segments.empty());
  const int64_t newest = before.wal.segments.front().number;  // full: the flip lands in records
  QString error;
  ASSERT_TRUE(c.Inject(CorruptLines(QString("wal/%1").arg(newest, 8, 10, QChar('0'))), &error)) << error.toStdString();
  c.RunToEnd();
  const ReplayItem& r = c.model().lanes().replays.back();
  EXPECT_EQ(r.phase, "done");
  EXPECT_FALSE(r.corruption.empty());
  EXPECT_NE(r.corruption.find("wal/" + std::to_string(newest)), std::string::npos) << r.corruption;
  EXPECT_FALSE(r.repair.empty());
  // The repair wrote the segment anew: its first life shows as rewritten.
  const auto& lives = c.model().lanes().wal_segments;
  EXPECT_TRUE(std::any_of(lives.begin(), lives.end(),
                          [&](const WalSegmentItem& s) { return s.number == newest && s.replaced; }));
  MainWindow w(&c);
  w.resize(1600, 1000);
  QDir().mkpath(QString(TSDB_GUI_ARTIFACTS_DIR));
  ASSERT_TRUE(SaveScreenshot(w, QString(TSDB_GUI_ARTIFACTS_DIR) + "/corrupt-wal-window.png", &error));
  EXPECT_TRUE(w.canvas()->lane<ReplayLane>()->status_text().contains("corruption"));
  // The verdict counts each lost sample once (the causes break the total down).
  const int64_t lost = c.model().world().oracle.lost_acked;
  EXPECT_GT(lost, 0);
  EXPECT_TRUE(w.canvas()->lane<ReplayLane>()->verdict_text().contains(QString("oracle: %1 lost").arg(lost)))
      << w.canvas()->lane<ReplayLane>()->verdict_text().toStdString();
}

TEST(ControllerTest, EveryMoveTellsTheViewsOnceAnimatedOrNot) {
  for (const int frames : {0, 30}) {
    Controller c;
    c.set_animation_frames(frames);
    OpenScenario(c, "flagship.tsdbsim");
    int changes = 0;
    QObject::connect(&c, &Controller::Changed, [&] { changes++; });
    c.StepOnce();
    EXPECT_GE(changes, 1) << frames;
    changes = 0;
    c.StepBack();
    EXPECT_GE(changes, 1) << frames;
    changes = 0;
    c.SeekTo(10 * 60'000);
    EXPECT_GE(changes, 1) << frames;
  }
}

TEST(ControllerTest, ABadScenarioIsAnErrorNamingItsLine) {
  Controller c;
  QString error;
  EXPECT_FALSE(c.OpenText("seed 1\nrun forever\n", "bad.tsdbsim", std::nullopt, &error));
  EXPECT_TRUE(error.contains("bad.tsdbsim:2")) << error.toStdString();
  EXPECT_FALSE(c.OpenFile("/nonexistent/x.tsdbsim", std::nullopt, &error));
  EXPECT_TRUE(error.contains("/nonexistent/x.tsdbsim")) << error.toStdString();
}

}  // namespace
}  // namespace tsdbsim::gui
