#include "db/variant_codec.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

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
    array.add(entry);
  }
  std::ostringstream out;
  array.stringify(out);
  return out.str();
}

namespace {

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
  }
  void value(const std::string& text) override {
    if (!inEntry()) return;
    if (field_ == Field::kName) entry_.name = text;
    if (field_ == Field::kKey) entry_.key = text;
    if (field_ == Field::kUrl) entry_.url = text;
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
  enum class Field { kNone, kName, kKey, kUrl, kWidth, kHeight };
  static constexpr Poco::Int64 kMaxSide = 1 << 20;

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

}  // namespace

std::vector<VariantRecord> decodeVariants(const Poco::Nullable<std::string>& column) {
  std::vector<VariantRecord> variants;
  if (column.isNull() || column.value().empty()) return variants;
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
