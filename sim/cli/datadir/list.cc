// tsdbsim list DIR [-r]: the persisted blocks of a data directory, as the
// table `promtool tsdb list` 2.42 prints. The directory is only read.
#include <cstdio>
#include <memory>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "engine/db/promtool_format.h"
#include "engine/db/read_only_db.h"
#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {

struct ListOptions {
  std::string dir;
  bool human_readable = false;
};

int RunList(const ListOptions& o) {
  tsdb::PosixFilesystem fs;
  if (const tsdb::Status s = tsdb::db::CheckDataDir(fs, o.dir); !s.ok()) {
    std::fprintf(stderr, "tsdbsim list: %s\n", s.message().c_str());
    return 2;
  }
  auto blocks = tsdb::db::OpenBlocksReadOnly(fs, o.dir);
  if (!blocks.ok()) {
    std::fprintf(stderr, "tsdbsim list: %s\n", blocks.status().message().c_str());
    return 2;
  }
  std::vector<tsdb::db::BlockListRow> rows;
  for (const auto& b : *blocks) rows.push_back({b->meta(), b->size_bytes()});
  const std::string table = tsdb::db::FormatBlockList(rows, o.human_readable);
  std::fwrite(table.data(), 1, table.size(), stdout);
  return 0;
}

}  // namespace

void RegisterList(CLI::App& app) {
  auto opts = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand(
      "list", "List the blocks of a data directory as `promtool tsdb list` does. Only reads.");
  cmd->add_option("DIR", opts->dir, "A Prometheus data directory")->required();
  cmd->add_flag("-r,--human-readable", opts->human_readable, "Print human readable values");
  cmd->callback([opts] { SetExitCode(RunList(*opts)); });
}

}  // namespace tsdbsim
