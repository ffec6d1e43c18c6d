#include "engine/db/head_block_writer.h"

#include <algorithm>
#include <set>

#include "engine/block/block_writer.h"
#include "engine/head/head_read.h"

namespace tsdb::db {

namespace {

// Every label name and value in the head, and "" (the all-postings key).
std::vector<std::string> HeadSymbols(const head::Head& head) {
  std::set<std::string_view> seen = {""};
  head.series().ForEach([&](head::MemSeries& s) {
    for (const Label& l : s.labels()) {
      seen.insert(l.name);
      seen.insert(l.value);
    }
  });
  return std::vector<std::string>(seen.begin(), seen.end());
}

}  // namespace

Result<std::optional<block::BlockMeta>> WriteHeadBlock(Filesystem& fs, const std::string& data_dir,
                                                       const head::Head& head, int64_t mint,
                                                       int64_t maxt, const block::Ulid& ulid,
                                                       uint64_t chunk_segment_size_bytes) {
  TSDB_ASSERT(mint < maxt);
  const std::vector<std::string> symbols = HeadSymbols(head);
  const std::vector<std::string_view> views(symbols.begin(), symbols.end());
  block::BlockWriterOptions options;
  options.max_chunk_segment_size = chunk_segment_size_bytes;
  TSDB_ASSIGN_OR_RETURN(auto writer,
                        block::BlockWriter::Open(fs, data_dir, ulid, mint, maxt, views, options));
  std::vector<block::ChunkData> chunks;
  TSDB_RETURN_IF_ERROR(head::ForEachSeriesInRange(
      head, mint, maxt - 1, [&](const Labels& labels, std::vector<head::ChunkData>& data) -> Status {
        chunks.clear();
        for (const auto& c : data) {
          chunks.push_back({.min_time = c.mint, .max_time = c.maxt, .encoding = 1, .data = c.data});
        }
        return writer->AddSeries(labels, chunks);
      }));
  TSDB_ASSIGN_OR_RETURN(const block::BlockWriteResult result, writer->Finish());
  if (!result.written()) return std::optional<block::BlockMeta>();
  return std::optional<block::BlockMeta>(result.meta);
}

}  // namespace tsdb::db
