// The world as JSON and as text, for `tsdbsim snapshot` (sim/SNAPSHOT.md
// names every field) and for anyone reading a world outside C++.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/step/world.h"

namespace tsdbsim {

// Top-level keys: time_ms, elapsed_ms, line, seed, done, events, process,
// scrape, fanout, wal, head, chunks_head, blocks, replay, faults, oracle.
nlohmann::json WorldToJson(const World& world);

// A few lines per part, for a person at a terminal.
std::string WorldToText(const World& world);

}  // namespace tsdbsim
