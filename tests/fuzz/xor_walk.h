// Decodes an XOR chunk the way a query does, and checks what
// engine/chunkenc/xor.h promises about a chunk that decodes completely:
// XorChunk::FromBytes takes it, and appending to it keeps every sample.
#pragma once

#include "engine/base/coding.h"

namespace tsdb::fuzz {

// Returns the number of samples decoded.
int WalkXorChunk(ByteView chunk);

}  // namespace tsdb::fuzz
