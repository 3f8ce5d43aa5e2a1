// avatars/public_conf.h: the decimal range patterns (every number checked
// against the range), and the generated nginx maps applied as nginx would
// (exact regex semantics of the patterns with std::regex, which has the same
// syntax for what they use), so that the link nginx picks is the one the
// app's size choice (avatars/size_choice.h) picks for every s from 0 to
// kMaxRequestedSize + 1.

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "avatars/public_conf.h"
#include "avatars/size_choice.h"

namespace userimg::avatars {
namespace {

// The regex entries (pattern, value) of the map named `result`.
std::vector<std::pair<std::string, std::string>> mapEntries(const std::string& conf,
                                                            const std::string& result) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(conf);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.starts_with("map ")) inside = line.find(" " + result + " {") != std::string::npos;
    if (!inside || !line.starts_with("    \"~")) continue;
    const auto close = line.find("\" ", 6);
    out.emplace_back(line.substr(6, close - 6), line.substr(close + 2, line.size() - close - 3));
  }
  return out;
}

// What nginx's map gives for `value`: the first matching regex's value, else "".
std::string lookup(const std::vector<std::pair<std::string, std::string>>& entries,
                   const std::vector<std::regex>& compiled, const std::string& value) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (std::regex_search(value, compiled[i])) return entries[i].second;
  }
  return "";
}

// The variant name the app picks for `text` among `sizes` ("" when it answers 400).
std::string appChoice(const std::string& text, const std::vector<int>& sizes,
                      const std::string& suffix) {
  auto wanted = parseRequestedSize(text, "s");
  if (!wanted) return "";
  db::ImageRecord image;
  image.url = "image";
  for (const int size : sizes) {
    image.variants.push_back({std::to_string(size) + suffix, "k", std::to_string(size) + suffix});
  }
  return chooseUrl(image, suffix.empty() ? core::ImageKind::kProfile : core::ImageKind::kCover,
                   wanted.value());
}

class PublicConfTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PublicConfTest);
  CPPUNIT_TEST(testRangePatternsMatchExactlyTheirRange);
  CPPUNIT_TEST(testAvatarMapPicksTheAppsSize);
  CPPUNIT_TEST(testCoverMapPicksTheAppsWidth);
  CPPUNIT_TEST(testLinkMapsFallBackToTheAppForOtherMethodsAndEmptyValues);
  CPPUNIT_TEST(testCacheControlIsMaxAge);
  CPPUNIT_TEST(testShippedMapsAreTheDefaults);
  CPPUNIT_TEST(testStaticOnlyWhereTheAppKeepsLinks);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRangePatternsMatchExactlyTheirRange() {
    for (const auto& [lo, hi] :
         {std::pair{1, 1}, std::pair{1, 9}, std::pair{1, 64}, std::pair{65, 128},
          std::pair{129, 256}, std::pair{7, 1234}, std::pair{257, 100000}, std::pair{100, 199},
          std::pair{99, 1000}, std::pair{1001, 1001}, std::pair{1, 99999}}) {
      const std::regex pattern("^(?:" + decimalRangePattern(lo, hi) + ")$");
      const int top = std::min(hi * 10 + 20, 200000);
      for (int n = 0; n <= top; ++n) {
        const bool expected = n >= lo && n <= hi;
        if (std::regex_match(std::to_string(n), pattern) != expected) {
          CPPUNIT_FAIL(std::to_string(n) + " in [" + std::to_string(lo) + ", " +
                       std::to_string(hi) + "]: " + decimalRangePattern(lo, hi));
        }
      }
      CPPUNIT_ASSERT(!std::regex_match("0" + std::to_string(lo), pattern));  // no leading zero
    }
  }

  void testAvatarMapPicksTheAppsSize() { checkMap({48, 64, 128, 256}, "s", ""); }

  void testCoverMapPicksTheAppsWidth() { checkMap({640, 1280}, "w", "w"); }

  void testLinkMapsFallBackToTheAppForOtherMethodsAndEmptyValues() {
    const std::string conf = nginxPublicConf(config::AppConfig(), "test.ini");
    const auto entries = mapEntries(conf, "$userimg_avatar_link");
    std::vector<std::regex> compiled;
    for (const auto& entry : entries) compiled.emplace_back(entry.first);
    const auto pick = [&](const std::string& key) { return lookup(entries, compiled, key); };
    CPPUNIT_ASSERT_EQUAL(std::string("$userimg_avatar_sized"), pick("GET s=128"));
    CPPUNIT_ASSERT_EQUAL(std::string("$userimg_avatar_sized"), pick("GET d=404&s=12"));
    CPPUNIT_ASSERT_EQUAL(std::string("$userimg_avatar_sized"), pick("HEAD s="));
    CPPUNIT_ASSERT_EQUAL(std::string("$userimg_avatar_sized"), pick("GET s"));
    CPPUNIT_ASSERT_EQUAL(std::string("image"), pick("GET "));
    CPPUNIT_ASSERT_EQUAL(std::string("image"), pick("GET d=404"));
    CPPUNIT_ASSERT_EQUAL(std::string("image"), pick("GET xs=12"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), pick("POST s=128"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), pick("DELETE "));
  }

  // What the package installs before the operator generates anything.
  void testShippedMapsAreTheDefaults() {
    const std::string path = USERIMG_SOURCE_DIR "/conf/nginx/userimg-public-map.conf";
    std::ifstream in(path);
    CPPUNIT_ASSERT_MESSAGE("cannot read " + path, in.good());
    std::ostringstream shipped;
    shipped << in.rdbuf();
    CPPUNIT_ASSERT_EQUAL_MESSAGE(
        path + " is not `userimgctl public-conf nginx` without an ini: generate it again",
        nginxPublicConf(config::AppConfig(), "the defaults"), shipped.str());
  }

  void testStaticOnlyWhereTheAppKeepsLinks() {
    const auto staticValue = [](const config::AppConfig& config) {
      const std::string conf = nginxPublicConf(config, "x");
      const std::string head = "map \"\" $userimg_public_static {\n    default ";
      const auto at = conf.find(head);
      if (at == std::string::npos) return std::string("(no map)");
      return conf.substr(at + head.size(), conf.find(';', at) - at - head.size());
    };
    config::AppConfig local;
    CPPUNIT_ASSERT_EQUAL(std::string("1"), staticValue(local));
    config::AppConfig cloudinary;
    cloudinary.storage.backend = "cloudinary";
    CPPUNIT_ASSERT_EQUAL(std::string("0"), staticValue(cloudinary));
    config::AppConfig off;
    off.publicImages.enabled = false;
    CPPUNIT_ASSERT_EQUAL(std::string("0"), staticValue(off));
  }

  void testCacheControlIsMaxAge() {
    config::AppConfig config;
    config.publicImages.maxAge = 42;
    CPPUNIT_ASSERT(nginxPublicConf(config, "x").find("default \"public, max-age=42\";") !=
                   std::string::npos);
  }

 private:
  static void checkMap(const std::vector<int>& sizes, const std::string& parameter,
                       const std::string& suffix) {
    config::AppConfig config;
    (suffix.empty() ? config.images.profileVariants : config.images.coverVariants) = sizes;
    const std::string conf = nginxPublicConf(config, "test.ini");
    const auto entries =
        mapEntries(conf, suffix.empty() ? "$userimg_avatar_sized" : "$userimg_cover_sized");
    CPPUNIT_ASSERT_EQUAL(sizes.size(), entries.size());
    std::vector<std::regex> compiled;
    for (const auto& entry : entries) compiled.emplace_back(entry.first);
    std::vector<std::string> texts;
    for (int n = 0; n <= kMaxRequestedSize + 1; n += (n < 3000 ? 1 : 97)) {
      texts.push_back(std::to_string(n));
    }
    for (const char* odd : {"", "00064", "000064", "0000064", "abc", "-1", "1e3", "64 ", "+64",
                            "100000", "100001", "0100000"}) {
      texts.emplace_back(odd);
    }
    for (const std::string& text : texts) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(parameter + "=" + text, appChoice(text, sizes, suffix),
                                   lookup(entries, compiled, text));
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PublicConfTest, "avatars");

}  // namespace
}  // namespace userimg::avatars
