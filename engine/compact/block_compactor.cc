#include "engine/compact/block_compactor.h"

#include <algorithm>
#include <memory>
#include <set>

#include "engine/block/block_reader.h"
#include "engine/block/block_writer.h"
#include "engine/compact/chunk_merge.h"

namespace tsdb::compact {

namespace {

using block::BlockMeta;
using block::BlockReader;
using block::ChunkData;

// One input block's series, walked in label order.
struct Input {
  std::unique_ptr<BlockReader> reader;
  std::optional<index::IndexSeriesIterator> it;
  bool live = false;

  Status Advance() {
    live = it->Next();
    if (!live && !it->status().ok()) return it->status().Wrap("block " + reader->meta().ulid.ToString());
    return Status::Ok();
  }
};

Result<std::vector<Input>> OpenInputs(Filesystem& fs, const std::string& data_dir,
                                      const std::vector<BlockMeta>& parents) {
  std::vector<Input> inputs;
  for (const BlockMeta& m : parents) {
    Input in;
    auto reader = BlockReader::Open(fs, JoinPath(data_dir, m.ulid.ToString()));
    if (!reader.ok()) return reader.status().Wrap("open block " + m.ulid.ToString());
    in.reader = std::move(reader).value();
    auto all = in.reader->index().AllPostings();
    if (!all.ok()) return all.status().Wrap("block " + m.ulid.ToString());
    in.it.emplace(in.reader->Series(*all));
    TSDB_RETURN_IF_ERROR(in.Advance());
    inputs.push_back(std::move(in));
  }
  return inputs;
}

// The union of the inputs' symbol tables (2.42 merges the sorted tables).
std::vector<std::string_view> MergedSymbols(const std::vector<Input>& inputs) {
  std::set<std::string_view> all;
  for (const Input& in : inputs) {
    for (std::string_view s : in.reader->index().symbols()) all.insert(s);
  }
  return std::vector<std::string_view>(all.begin(), all.end());
}

// This input's chunks of its current series, cut to [mint, maxt] and by
// its tombstones.
Result<std::vector<ChunkData>> CurrentChunks(const Input& in, int64_t mint, int64_t maxt, ChunkArena* arena) {
  const tombstones::Intervals& deleted = in.reader->tombstones().Get(in.it->ref());
  std::vector<ChunkData> out;
  for (const index::ChunkMeta& cm : in.it->chunks()) {
    if (cm.max_time < mint || cm.min_time > maxt) continue;
    auto entry = in.reader->Chunk(cm.ref);
    if (!entry.ok()) return entry.status().Wrap("block " + in.reader->meta().ulid.ToString());
    const ChunkData c{.min_time = cm.min_time, .max_time = cm.max_time, .encoding = entry->encoding,
                      .data = entry->data};
    TSDB_ASSIGN_OR_RETURN(auto kept, TrimChunk(c, mint, maxt, deleted, arena));
    out.insert(out.end(), kept.begin(), kept.end());
  }
  return out;
}

// Writes every series of the inputs, smallest label set first.
Status Populate(std::vector<Input>& inputs, block::BlockWriter& writer, int64_t mint, int64_t maxt) {
  ChunkArena arena;
  for (;;) {
    const Labels* smallest = nullptr;
    for (const Input& in : inputs) {
      if (in.live && (smallest == nullptr || in.it->labels() < *smallest)) smallest = &in.it->labels();
    }
    if (smallest == nullptr) return Status::Ok();
    const Labels labels = *smallest;
    std::vector<std::vector<ChunkData>> per_block;
    for (Input& in : inputs) {
      if (!in.live || in.it->labels() != labels) continue;
      TSDB_ASSIGN_OR_RETURN(auto chunks, CurrentChunks(in, mint, maxt, &arena));
      per_block.push_back(std::move(chunks));
    }
    TSDB_ASSIGN_OR_RETURN(const auto merged, MergeChunks(std::move(per_block), &arena));
    // A series whose every sample was deleted is left out.
    TSDB_RETURN_IF_ERROR(writer.AddSeries(labels, merged));
    arena.Clear();
    for (Input& in : inputs) {
      if (in.live && in.it->labels() == labels) TSDB_RETURN_IF_ERROR(in.Advance());
    }
  }
}

Result<CompactResult> Write(Filesystem& fs, const std::string& data_dir, const std::vector<BlockMeta>& parents,
                            const block::Ulid& ulid, uint64_t chunk_segment_size_bytes) {
  TSDB_ASSIGN_OR_RETURN(auto inputs, OpenInputs(fs, data_dir, parents));
  const BlockMeta meta = CompactBlockMetas(ulid, parents);
  const std::vector<std::string_view> symbols = MergedSymbols(inputs);
  block::BlockWriterOptions options;
  options.max_chunk_segment_size = chunk_segment_size_bytes;
  options.compaction = meta.compaction;
  TSDB_ASSIGN_OR_RETURN(auto writer, block::BlockWriter::Open(fs, data_dir, ulid, meta.min_time, meta.max_time,
                                                              symbols, options));
  // Block bounds are half-open; chunk bounds are closed.
  TSDB_RETURN_IF_ERROR(Populate(inputs, *writer, meta.min_time, meta.max_time - 1).Wrap("populate block"));
  TSDB_ASSIGN_OR_RETURN(const block::BlockWriteResult written, writer->Finish());
  CompactResult result;
  if (written.written()) result.block = written.meta;
  return result;
}

// Rewrites each parent's meta.json with one flag set.
template <typename Set>
Status MarkParents(Filesystem& fs, const std::string& data_dir, const std::vector<BlockMeta>& parents, Set set) {
  Status first;
  for (const BlockMeta& p : parents) {
    BlockMeta m = p;
    set(&m);
    auto n = block::WriteMetaFile(fs, JoinPath(data_dir, p.ulid.ToString()), &m);
    if (!n.ok() && first.ok()) first = n.status();
  }
  return first;
}

}  // namespace

BlockMeta CompactBlockMetas(const block::Ulid& ulid, const std::vector<BlockMeta>& parents) {
  TSDB_ASSERT(!parents.empty());
  BlockMeta out;
  out.ulid = ulid;
  out.min_time = parents[0].min_time;
  out.max_time = parents[0].max_time;
  std::set<block::Ulid> sources;
  for (const BlockMeta& p : parents) {
    out.min_time = std::min(out.min_time, p.min_time);
    out.max_time = std::max(out.max_time, p.max_time);
    out.compaction.level = std::max(out.compaction.level, p.compaction.level);
    sources.insert(p.compaction.sources.begin(), p.compaction.sources.end());
    out.compaction.parents.push_back({.ulid = p.ulid, .min_time = p.min_time, .max_time = p.max_time});
  }
  out.compaction.level++;
  out.compaction.sources.assign(sources.begin(), sources.end());
  return out;
}

Result<CompactResult> CompactBlocks(Filesystem& fs, const std::string& data_dir,
                                    const std::vector<BlockMeta>& parents, const block::Ulid& ulid,
                                    uint64_t chunk_segment_size_bytes) {
  TSDB_ASSERT(!parents.empty());
  auto result = Write(fs, data_dir, parents, ulid, chunk_segment_size_bytes);
  if (!result.ok()) {
    // The planner skips a group holding a failed block from now on.
    (void)MarkParents(fs, data_dir, parents, [](BlockMeta* m) { m->compaction.failed = true; });
    return result.status().Wrap("compact " + std::to_string(parents.size()) + " blocks");
  }
  if (!result->block.has_value()) {
    TSDB_RETURN_IF_ERROR(
        MarkParents(fs, data_dir, parents, [](BlockMeta* m) { m->compaction.deletable = true; }));
  }
  return result;
}

}  // namespace tsdb::compact
