#include "db/variant_codec.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string_view>

namespace userimg::db {

Poco::Nullable<std::string> encodeVariants(const std::vector<VariantRecord>& variants) {
  if (variants.empty()) return {};
  Poco::JSON::Array array;
  for (const VariantRecord& variant : variants) {
    Poco::JSON::Object entry;
    entry.set("name", variant.name);
    entry.set("key", variant.key);
    entry.set("url", variant.url);
    entry.set("width", variant.width);
    entry.set("height", variant.height);
    if (!variant.format.empty()) entry.set("format", variant.format);
    array.add(entry);
  }
  std::ostringstream out;
  array.stringify(out);
  return out.str();
}

namespace {

// Larger widths and heights are not believed (read as 0).
constexpr std::int64_t kMaxSide = 1 << 20;

// Reads the column's array of flat objects straight into VariantRecords as
// Poco's parser walks it: no Dynamic::Var tree (building and dropping one
// was the largest cost of a GET, bench/README.md). Keys other than ours,
// nested values and values of the wrong type are skipped.
class VariantsHandler final : public Poco::JSON::Handler {
 public:
  explicit VariantsHandler(std::vector<VariantRecord>& out) : out_(out) {}

  void reset() override {
    depth_ = 0;
    field_ = Field::kNone;
  }
  void startObject() override {
    ++depth_;
    if (inEntry()) entry_ = VariantRecord{};
    field_ = Field::kNone;
  }
  void endObject() override {
    if (inEntry() && !entry_.name.empty() && !entry_.url.empty()) out_.push_back(entry_);
    --depth_;
    field_ = Field::kNone;
  }
  void startArray() override {
    ++depth_;
    if (depth_ == 1) topIsArray_ = true;
    field_ = Field::kNone;
  }
  void endArray() override {
    --depth_;
    field_ = Field::kNone;
  }
  void key(const std::string& name) override {
    field_ = Field::kNone;
    if (!inEntry()) return;
    if (name == "name") field_ = Field::kName;
    if (name == "key") field_ = Field::kKey;
    if (name == "url") field_ = Field::kUrl;
    if (name == "width") field_ = Field::kWidth;
    if (name == "height") field_ = Field::kHeight;
    if (name == "format") field_ = Field::kFormat;
  }
  void value(const std::string& text) override {
    if (!inEntry()) return;
    if (field_ == Field::kName) entry_.name = text;
    if (field_ == Field::kKey) entry_.key = text;
    if (field_ == Field::kUrl) entry_.url = text;
    if (field_ == Field::kFormat) entry_.format = text;
    field_ = Field::kNone;
  }
  void value(int number) override { integer(number); }
  void value(unsigned number) override { integer(number); }
  void value(Poco::Int64 number) override { integer(number); }
  void value(Poco::UInt64 number) override {
    integer(number > static_cast<Poco::UInt64>(kMaxSide) ? kMaxSide + 1 : number);
  }
  void value(double) override { field_ = Field::kNone; }
  void value(bool) override { field_ = Field::kNone; }
  void null() override { field_ = Field::kNone; }

 private:
  enum class Field { kNone, kName, kKey, kUrl, kWidth, kHeight, kFormat };

  bool inEntry() const { return topIsArray_ && depth_ == 2; }
  void integer(Poco::Int64 number) {
    if (inEntry() && number >= 0 && number <= kMaxSide) {
      if (field_ == Field::kWidth) entry_.width = static_cast<int>(number);
      if (field_ == Field::kHeight) entry_.height = static_cast<int>(number);
    }
    field_ = Field::kNone;
  }

  std::vector<VariantRecord>& out_;
  VariantRecord entry_;
  int depth_ = 0;
  bool topIsArray_ = false;
  Field field_ = Field::kNone;
};

// The column as encodeVariants() writes it, read without Poco's tokenizer
// (about 50 ns a character through indirect calls: 25 us for three
// variants, twice per GET): an array of flat objects whose values are
// strings without escapes or integers. nullopt for anything else (escapes,
// nesting, other value types, malformed text); decodeVariants() then takes
// Poco's parser, whose VariantsHandler gives the same records for the same
// text.
class FlatReader {
 public:
  explicit FlatReader(std::string_view text) : text_(text) {}

  std::optional<std::vector<VariantRecord>> read() {
    std::vector<VariantRecord> variants;
    if (!eat('[')) return std::nullopt;
    if (eat(']')) return atEnd() ? std::optional(std::move(variants)) : std::nullopt;
    do {
      VariantRecord entry;
      if (!readEntry(entry)) return std::nullopt;
      if (!entry.name.empty() && !entry.url.empty()) variants.push_back(std::move(entry));
    } while (eat(','));
    if (!eat(']') || !atEnd()) return std::nullopt;
    return variants;
  }

 private:
  bool readEntry(VariantRecord& entry) {
    if (!eat('{')) return false;
    if (eat('}')) return true;
    do {
      const std::optional<std::string_view> name = string();
      if (!name || !eat(':')) return false;
      skipSpace();
      if (position_ < text_.size() && text_[position_] == '"') {
        const std::optional<std::string_view> text = string();
        if (!text) return false;
        if (*name == "name") entry.name = *text;
        if (*name == "key") entry.key = *text;
        if (*name == "url") entry.url = *text;
        if (*name == "format") entry.format = *text;
      } else {
        const std::optional<std::int64_t> number = integer();
        if (!number) return false;
        if (*number >= 0 && *number <= kMaxSide) {
          if (*name == "width") entry.width = static_cast<int>(*number);
          if (*name == "height") entry.height = static_cast<int>(*number);
        }
      }
    } while (eat(','));
    return eat('}');
  }

  void skipSpace() {
    while (position_ < text_.size() && (text_[position_] == ' ' || text_[position_] == '\n' ||
                                        text_[position_] == '\r' || text_[position_] == '\t')) {
      ++position_;
    }
  }

  bool eat(char c) {
    skipSpace();
    if (position_ >= text_.size() || text_[position_] != c) return false;
    ++position_;
    return true;
  }

  bool atEnd() {
    skipSpace();
    return position_ == text_.size();
  }

  // A string without escapes or control characters, without its quotes.
  std::optional<std::string_view> string() {
    if (!eat('"')) return std::nullopt;
    const std::size_t start = position_;
    for (; position_ < text_.size(); ++position_) {
      const auto c = static_cast<unsigned char>(text_[position_]);
      if (c == '"') return text_.substr(start, position_++ - start);
      if (c == '\\' || c < 0x20) return std::nullopt;
    }
    return std::nullopt;
  }

  // An integer of at most 18 digits, not followed by a fraction or exponent.
  std::optional<std::int64_t> integer() {
    skipSpace();
    const bool negative = position_ < text_.size() && text_[position_] == '-';
    if (negative) ++position_;
    std::int64_t value = 0;
    int digits = 0;
    for (; position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9';
         ++position_) {
      if (++digits > 18) return std::nullopt;
      value = value * 10 + (text_[position_] - '0');
    }
    if (digits == 0) return std::nullopt;
    if (position_ < text_.size() &&
        (text_[position_] == '.' || text_[position_] == 'e' || text_[position_] == 'E')) {
      return std::nullopt;
    }
    return negative ? -value : value;
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

}  // namespace

std::vector<VariantRecord> decodeVariants(const Poco::Nullable<std::string>& column) {
  std::vector<VariantRecord> variants;
  if (column.isNull() || column.value().empty()) return variants;
  if (auto flat = FlatReader(column.value()).read()) return std::move(*flat);
  try {
    Poco::JSON::Parser parser(new VariantsHandler(variants));
    parser.parse(column.value());
  } catch (const Poco::Exception&) {
    // See the header: keep what was read.
  } catch (const std::exception&) {
  }
  return variants;
}

}  // namespace userimg::db
