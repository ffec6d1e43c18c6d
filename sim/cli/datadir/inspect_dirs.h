// The chunks_head/ and block sections of `tsdbsim inspect`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/base/filesystem.h"

namespace tsdbsim {

// Each prints a section (text) or returns it (JSON); false when something
// in it is corrupt.
bool PrintHeadChunks(tsdb::Filesystem& fs, const std::string& data_dir);
bool PrintBlocks(tsdb::Filesystem& fs, const std::string& data_dir);
nlohmann::ordered_json HeadChunksJson(tsdb::Filesystem& fs, const std::string& data_dir, bool* ok);
nlohmann::ordered_json BlocksJson(tsdb::Filesystem& fs, const std::string& data_dir, bool* ok);

}  // namespace tsdbsim
