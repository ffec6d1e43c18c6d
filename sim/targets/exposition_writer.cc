#include "sim/targets/exposition_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "engine/base/assert.h"
#include "engine/db/go_format.h"

namespace tsdbsim {

void AppendExpositionValue(double v, FloatStyle style, std::string* out) {
  if (v == 0) {  // also -0, which Go's client prints as "0"
    out->push_back('0');
    return;
  }
  // 2^53: past it not every integer is a float64, so the plain form could
  // print digits the value does not have.
  constexpr double kExactIntegerLimit = 9007199254740992.0;
  if (style == FloatStyle::kIntegersPlain && std::fabs(v) < kExactIntegerLimit &&
      v == std::trunc(v)) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
    out->append(buf, res.ptr);
    return;
  }
  tsdb::db::AppendGoFloat(v, out);
}

namespace {

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

}  // namespace

double DecimalValue(int64_t mantissa, int scale) {
  TSDB_ASSERT(scale >= 0 && scale < static_cast<int>(std::size(kPow10)));
  // 10^scale is exact for scale <= 22 and so is the mantissa up to 2^53:
  // one correctly rounded division.
  return static_cast<double>(mantissa) / kPow10[scale];
}

char* WriteExpositionDecimal(int64_t mantissa, int scale, FloatStyle style, char* p) {
  constexpr int64_t kMax = tsdb::db::kMaxDecimalMantissa;
  if (mantissa <= -kMax || mantissa >= kMax) {
    std::string text;
    AppendExpositionValue(DecimalValue(mantissa, scale), style, &text);
    TSDB_ASSERT(text.size() <= tsdb::db::kMaxGoFloatChars);
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
  }
  // Below 10^15 a whole value is below 2^53: the plain style prints it.
  if (style == FloatStyle::kIntegersPlain && scale <= 15) {
    int64_t unit = 1;
    for (int i = 0; i < scale; i++) unit *= 10;
    if (mantissa % unit == 0) return std::to_chars(p, p + tsdb::db::kMaxGoFloatChars, mantissa / unit).ptr;
  }
  return tsdb::db::WriteGoDecimal(mantissa, scale, p);
}

void AppendExpositionDecimal(int64_t mantissa, int scale, FloatStyle style, std::string* out) {
  char buf[tsdb::db::kMaxGoFloatChars];
  out->append(buf, WriteExpositionDecimal(mantissa, scale, style, buf));
}

void AppendEscapedLabelValue(std::string_view value, std::string* out) {
  for (char c : value) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '"': out->append("\\\""); break;
      case '\n': out->append("\\n"); break;
      default: out->push_back(c);
    }
  }
}

void AppendEscapedHelp(std::string_view help, std::string* out) {
  for (char c : help) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      default: out->push_back(c);
    }
  }
}

void ExpositionWriter::Grow(size_t n) {
  // Doubling, and at least the capacity a caller reserved: zero-filled once.
  out_->resize(std::max({out_->capacity(), out_->size() * 2, len_ + n + 4096}));
}

void ExpositionWriter::Help(std::string_view name, std::string_view help) {
  std::string line = "# HELP ";
  line.append(name);
  line.push_back(' ');
  AppendEscapedHelp(help, &line);
  line.push_back('\n');
  Put(line);
}

void ExpositionWriter::Type(std::string_view name, std::string_view type) {
  Put("# TYPE ");
  Put(name);
  Put(' ');
  Put(type);
  Put('\n');
}

void ExpositionWriter::Sample(std::string_view name, std::span<const tsdb::Label> labels, double v) {
  std::string text;
  for (const tsdb::Label& l : labels) {
    if (!text.empty()) text.push_back(',');
    text.append(l.name);
    text.append("=\"");
    AppendEscapedLabelValue(l.value, &text);
    text.push_back('"');
  }
  SampleRaw(name, text, v);
}

void ExpositionWriter::SampleRaw(std::string_view name, std::string_view label_text, double v) {
  Put(name);
  if (!label_text.empty()) {
    Put('{');
    Put(label_text);
    Put('}');
  }
  SampleKey({}, v);
}

void ExpositionWriter::SampleKey(std::string_view key, double v) {
  Put(key);
  std::string value;
  AppendExpositionValue(v, style_, &value);
  Put(' ');
  Put(value);
  Put('\n');
  samples_++;
}

void ExpositionWriter::SampleKeyDecimal(std::string_view key, int64_t mantissa, int scale) {
  // The key, a blank, the value and the newline written straight into place.
  char* p = Room(key.size() + tsdb::db::kMaxGoFloatChars + 2);
  if (!key.empty()) std::memcpy(p, key.data(), key.size());
  char* q = p + key.size();
  *q++ = ' ';
  q = WriteExpositionDecimal(mantissa, scale, style_, q);
  *q++ = '\n';
  len_ += static_cast<size_t>(q - p);
  samples_++;
}

void ExpositionWriter::Raw(std::string_view text) { Put(text); }

}  // namespace tsdbsim
