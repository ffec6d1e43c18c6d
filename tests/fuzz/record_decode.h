// Decodes one WAL record with the decoder its type byte names, checking the
// contract of engine/record/record.h on the way. Shared by the record and
// WAL fuzzers.
#pragma once

#include "engine/base/coding.h"

namespace tsdb::fuzz {

// Returns true when the record decoded (an unknown type counts as not).
bool DecodeAnyRecord(ByteView rec);

}  // namespace tsdb::fuzz
