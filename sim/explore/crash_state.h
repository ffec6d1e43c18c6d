// One crash state: the image a crash of some kind would leave on the
// simulated disk right now, opened as a restart would open it, and checked
// against the oracle. The running simulation is not touched.
#pragma once

#include <cstdint>

#include "sim/scenario/oracle.h"
#include "sim/scenario/simulation.h"

namespace tsdbsim {

// An error only when the state could not be built; a DB that does not
// open is a violation (OracleCheck::open_failed), not an error.
tsdb::Result<OracleCheck> CheckCrashState(const Simulation& sim, CrashKind mode, uint64_t op_number);

}  // namespace tsdbsim
