// Writes Prometheus text exposition format 0.0.4, the way Go's client
// library prints it: `# HELP`, `# TYPE`, then `name{a="b",c="d"} value`
// lines. Values are printed so they read back as the same float64; label
// values and HELP texts are escaped as the format requires. The synthetic
// and self targets build their pages with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "engine/base/assert.h"
#include "engine/labels/labels.h"

namespace tsdbsim {

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class FloatStyle {
  // strconv.FormatFloat(v, 'g', -1, 64): 1.234567e+06, 0.25, NaN, +Inf.
  kGo,
  // Integral values below 2^53 as plain integers (1234567), the rest as kGo.
  // Both read back exactly; this is how most non-Go exporters print counts.
  kIntegersPlain,
};

// Appends v in the given style; -0 prints "0", as Go's client does.
void AppendExpositionValue(double v, FloatStyle style, std::string* out);
// AppendExpositionValue(DecimalValue(mantissa, scale)), without a float
// search when |mantissa| < 10^15: the digits are the decimal's own.
void AppendExpositionDecimal(int64_t mantissa, int scale, FloatStyle style, std::string* out);
// The same into p, which has room for tsdb::db::kMaxGoFloatChars; returns the end.
char* WriteExpositionDecimal(int64_t mantissa, int scale, FloatStyle style, char* p);
// The double nearest mantissa x 10^-scale (0 <= scale <= 22) when
// |mantissa| <= 2^53: how a fixed-point value becomes a float.
double DecimalValue(int64_t mantissa, int scale);
// Label values escape `\`, `"` and newline.
void AppendEscapedLabelValue(std::string_view value, std::string* out);
// HELP texts escape `\` and newline.
void AppendEscapedHelp(std::string_view help, std::string* out);

// Appends to *out, which holds exactly what was written once Finish() ran
// (the destructor runs it): until then the string may have spare bytes at
// its end, so lines are copied into place without a string append each.
class ExpositionWriter {
 public:
  explicit ExpositionWriter(std::string* out, FloatStyle style = FloatStyle::kIntegersPlain)
      : out_(out), style_(style), len_(out->size()) {}
  ~ExpositionWriter() {
    if (!finished_) Finish();
  }
  ExpositionWriter(const ExpositionWriter&) = delete;
  ExpositionWriter& operator=(const ExpositionWriter&) = delete;
  // After it the writer takes no more lines, and *out is the caller's again.
  void Finish() {
    out_->resize(len_);
    finished_ = true;
  }

  void Help(std::string_view name, std::string_view help);
  void Type(std::string_view name, std::string_view type);
  // Labels in the order given (callers sort them), values escaped.
  void Sample(std::string_view name, std::span<const tsdb::Label> labels, double v);
  // A sample whose label text is already rendered and escaped (`a="b",c="d"`,
  // may be empty): the synthetic target caches it per series.
  void SampleRaw(std::string_view name, std::string_view label_text, double v);
  // A sample whose `name{labels}` is already rendered.
  void SampleKey(std::string_view key, double v);
  // The same for the value DecimalValue(mantissa, scale).
  void SampleKeyDecimal(std::string_view key, int64_t mantissa, int scale);
  // Text already in the format (a family's cached HELP and TYPE lines).
  void Raw(std::string_view text);

  size_t samples() const { return samples_; }
  FloatStyle style() const { return style_; }

 private:
  // Room for n more bytes at the end of what was written.
  char* Room(size_t n) {
    TSDB_ASSERT(!finished_);
    if (len_ + n > out_->size()) Grow(n);
    return out_->data() + len_;
  }
  void Grow(size_t n);
  void Put(std::string_view s) {
    if (s.empty()) return;
    std::memcpy(Room(s.size()), s.data(), s.size());
    len_ += s.size();
  }
  void Put(char c) {
    *Room(1) = c;
    len_++;
  }

  std::string* out_;
  FloatStyle style_;
  size_t len_;  // bytes of *out_ written so far
  size_t samples_ = 0;
  bool finished_ = false;
};

}  // namespace tsdbsim
