// Copies a directory tree through a Filesystem (replay and repair work on copies).
#pragma once

#include <string>

#include "engine/base/filesystem.h"

namespace tsdbsim {
tsdb::Status CopyTree(tsdb::Filesystem& fs, const std::string& from, const std::string& to);
}  // namespace tsdbsim
