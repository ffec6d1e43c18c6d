// The text promtool 2.42 prints for `tsdb dump` and `tsdb list`
// (cmd/promtool/tsdb.go), reproduced exactly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/block/meta.h"

namespace tsdb::db {

// One dump line, `fmt.Printf("%s %g %d\n", labels, v, t)`: labels_text is
// Labels::ToString() of the series, computed once per series.
void AppendDumpLine(std::string_view labels_text, int64_t t, double v, std::string* out);

struct BlockListRow {
  block::BlockMeta meta;
  uint64_t size_bytes = 0;  // Block.Size(): what BlockReader::size_bytes() reports
};

// The whole `promtool tsdb list [-r]` table, header included: tabwriter
// (minwidth 13, padding 2, spaces); times as milliseconds or, with
// human_readable, time.Unix(ms/1000, 0).UTC(); duration as a Go
// time.Duration of maxTime-minTime milliseconds; size as bytes or Base2Bytes.
std::string FormatBlockList(const std::vector<BlockListRow>& rows, bool human_readable);

}  // namespace tsdb::db
