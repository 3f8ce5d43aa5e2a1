// The media tree as the integration tests see it (it_support.h, "The
// media tree"): its files, orphans, the file behind a URL, and whether an
// image is served or gone.

#include "integration/it_support.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <system_error>

namespace userimg::it {

namespace {

// Every regular file under the media root, relative to it.
std::set<std::string> allMediaFiles() {
  namespace fs = std::filesystem;
  std::set<std::string> files;
  const fs::path& root = Target::get().mediaRoot;
  std::error_code ec;
  if (!fs::exists(root, ec)) return files;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    // public/: the public images' links and lock files (avatars/static_links.h), no objects.
    if (it.depth() == 0 && it->path().filename() == "public" && it->is_directory()) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.insert(fs::relative(it->path(), root).generic_string());
  }
  return files;
}

// "a/b/uuid_128.jpg" -> "a/b/uuid.jpg"; "" for an image's own file (UUIDs
// have no '_', variants are "<image stem>_<name>.<ext>").
std::string imageOfVariant(const std::string& file) {
  const std::size_t slash = file.rfind('/');
  const std::size_t underscore = file.rfind('_');
  if (underscore == std::string::npos || (slash != std::string::npos && underscore < slash)) {
    return "";
  }
  const std::size_t dot = file.rfind('.');
  return file.substr(0, underscore) +
         (dot != std::string::npos && dot > underscore ? file.substr(dot) : "");
}

}  // namespace

std::set<std::string> mediaFiles() {
  std::set<std::string> images;
  for (const std::string& file : allMediaFiles()) {
    if (imageOfVariant(file).empty()) images.insert(file);
  }
  return images;
}

std::set<std::string> orphanVariantFiles() {
  // A sibling in another format ("uuid_128.webp" of "uuid.jpg") has its own
  // extension: images are matched by their stem.
  const auto stemOf = [](const std::string& file) {
    const std::size_t dot = file.rfind('.');
    const std::size_t slash = file.rfind('/');
    return dot != std::string::npos && (slash == std::string::npos || dot > slash)
               ? file.substr(0, dot)
               : file;
  };
  const std::set<std::string> files = allMediaFiles();
  std::set<std::string> imageStems;
  for (const std::string& file : files) {
    if (imageOfVariant(file).empty()) imageStems.insert(stemOf(file));
  }
  std::set<std::string> orphans;
  for (const std::string& file : files) {
    const std::string image = imageOfVariant(file);
    if (!image.empty() && imageStems.count(stemOf(image)) == 0) orphans.insert(file);
  }
  return orphans;
}

std::filesystem::path mediaPathFor(const std::string& url) {
  const std::string prefix = Target::get().mounted("/media/");
  if (url.rfind(prefix, 0) != 0) CPPUNIT_FAIL("not a " + prefix + " URL: " + url);
  return Target::get().mediaRoot / url.substr(prefix.size());
}

bool isMediaUrl(const std::string& url, const std::string& prefix) {
  static const std::regex tail(
      "[0-9a-f]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\."
      "(jpg|jpeg|png|gif|webp)");
  return url.rfind(prefix, 0) == 0 && std::regex_match(url.substr(prefix.size()), tail);
}

void assertMediaServed(const std::string& url) {
  Reply reply = get(url, "");
  CPPUNIT_ASSERT_EQUAL_MESSAGE("fetching the image " + reply.describe(), 200, reply.status);
  const std::string type = reply.header("content-type");
  CPPUNIT_ASSERT_MESSAGE("image served as '" + type + "': " + url, type.rfind("image/", 0) == 0);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("X-Content-Type-Options of " + url, std::string("nosniff"),
                               reply.header("x-content-type-options"));
  CPPUNIT_ASSERT_MESSAGE("empty image body at " + url, !reply.body.empty());
  CPPUNIT_ASSERT_MESSAGE("no file in the media tree for " + url,
                         std::filesystem::is_regular_file(mediaPathFor(url)));
}

void assertMediaGone(const std::string& url, double seconds) {
  const auto path = mediaPathFor(url);
  CPPUNIT_ASSERT_MESSAGE("file still in the media tree: " + path.string(),
                         eventually([&] { return !std::filesystem::exists(path); }, seconds));
  Reply reply = get(url, "");
  CPPUNIT_ASSERT_EQUAL_MESSAGE("a removed image still answers: " + reply.describe(), 404,
                               reply.status);
  reply.json();  // the web server's 404 for a gone image is JSON, not an HTML page
}

UndeletableFile::UndeletableFile(std::filesystem::path file) : file_(std::move(file)) {
  namespace fs = std::filesystem;
  std::ifstream in(file_, std::ios::binary);
  bytes_.assign(std::istreambuf_iterator<char>(in), {});
  fs::remove(file_);
  fs::create_directories(file_ / "keep");
  std::ofstream(file_ / "keep" / "x") << "x";
}

UndeletableFile::~UndeletableFile() {
  std::error_code ec;
  std::filesystem::remove_all(file_, ec);
  std::ofstream(file_, std::ios::binary) << bytes_;
}

}  // namespace userimg::it
