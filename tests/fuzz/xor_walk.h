// Decodes an XOR chunk the way a query does, and checks what
// engine/chunkenc/xor.h promises: the iterator stops at the sample count,
// and a chunk XorChunk::FromBytes takes keeps every sample when appended to.
#pragma once

#include "engine/base/coding.h"

namespace tsdb::fuzz {

// Returns the number of samples decoded.
int WalkXorChunk(ByteView chunk);

}  // namespace tsdb::fuzz
