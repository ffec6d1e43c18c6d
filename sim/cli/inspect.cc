#include "sim/cli/verbs.h"

namespace tsdbsim {
void RegisterInspect(CLI::App& app) {
  app.add_subcommand("inspect", "Print the WAL of a data directory");
}
}  // namespace tsdbsim
