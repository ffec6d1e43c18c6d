#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {
int g_exit_code = 0;
}
int ExitCode() { return g_exit_code; }
void SetExitCode(int code) { g_exit_code = code; }
}  // namespace tsdbsim
