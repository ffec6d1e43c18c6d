// A scenario: the steps of one simulated run, parsed from the line language
// of sim/SCENARIOS.md. Pure data; the Simulation (simulation.h) runs it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tsdbsim {

// key=value options of a step, with where each value sits for errors.
struct Option {
  std::string key;
  std::string value;
  int column = 0;  // 1-based column of the key
};

struct Step {
  enum class Kind {
    kSeed,       // seed N
    kConfig,     // config key=value ...
    kTarget,     // target NAME [synthetic|scripted|self] key=value ...
    kRemove,     // remove NAME
    kSecondary,  // secondary remote_write key=value ...
    kRun,        // run DURATION
    kRunUntil,   // run until EVENT [within DURATION]
    kCrash,      // crash [process|power_loss|torn] [at_op=N]
    kRestart,    // restart
    kShutdown,   // shutdown: a clean stop (SIGTERM)
    kExpect,     // expect NAME OP NUMBER
    kFault,      // fault KIND [NAME] key=value ...
  };
  Kind kind;
  int line = 0;
  std::string name;   // target name, crash kind, run-until event, expect metric, fault point
  std::string kind_word;  // target kind; expect operator; fault kind
  int64_t duration_ms = 0;  // run, run until ... within
  double number = 0;        // expect value
  uint64_t seed = 0;
  std::vector<Option> options;
  int value_column = 0;  // where the step's main value starts, for errors
};

struct Scenario {
  std::string file;  // for error messages
  std::vector<Step> steps;
  std::optional<uint64_t> seed;  // the seed step, if any
};

}  // namespace tsdbsim
