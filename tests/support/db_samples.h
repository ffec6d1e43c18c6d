// Every sample a DB holds, from its blocks and its head, as
// labels-text -> (timestamp -> value bits). Tests compare this with what
// they committed.
#pragma once

#include <map>
#include <string>

#include "engine/block/block_list.h"
#include "engine/block/block_reader.h"
#include "engine/chunkenc/xor.h"
#include "engine/db/db.h"
#include "engine/head/head_read.h"

namespace tsdb::testing {

using SampleSet = std::map<std::string, std::map<int64_t, uint64_t>>;

inline Status AddChunkSamples(const std::string& series, ByteView chunk, SampleSet* out,
                              int64_t* duplicates) {
  chunkenc::XorIterator it(chunk);
  while (it.Next()) {
    if (!(*out)[series].emplace(it.t(), it.v_bits()).second) ++*duplicates;
  }
  return it.status();
}

// Samples of the persisted blocks of data_dir plus the given head.
inline Result<SampleSet> CollectSamples(Filesystem& fs, const std::string& data_dir,
                                        const head::Head* head, int64_t* duplicates) {
  SampleSet out;
  *duplicates = 0;
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs.List(data_dir));
  for (const auto& e : entries) {
    if (!e.is_dir || !block::IsBlockDirName(e.name)) continue;
    TSDB_ASSIGN_OR_RETURN(auto b, block::BlockReader::Open(fs, JoinPath(data_dir, e.name)));
    TSDB_ASSIGN_OR_RETURN(auto it, b->Series());
    while (it.Next()) {
      const std::string name = it.labels().ToString();
      for (const auto& c : it.chunks()) {
        TSDB_ASSIGN_OR_RETURN(const auto entry, b->Chunk(c.ref));
        TSDB_RETURN_IF_ERROR(AddChunkSamples(name, entry.data, &out, duplicates));
      }
    }
    TSDB_RETURN_IF_ERROR(it.status());
  }
  if (head != nullptr) {
    TSDB_RETURN_IF_ERROR(head::ForEachSeriesInRange(
        *head, INT64_MIN, INT64_MAX, [&](const Labels& l, std::vector<head::ChunkData>& chunks) -> Status {
          for (const auto& c : chunks) TSDB_RETURN_IF_ERROR(AddChunkSamples(l.ToString(), c.data, &out, duplicates));
          return {};
        }));
  }
  return out;
}

}  // namespace tsdb::testing
