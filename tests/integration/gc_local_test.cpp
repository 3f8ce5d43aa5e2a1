// `userimgctl gc` on the local backend (stack "sqlite"; gc_grace_seconds is
// the default hour): files planted in the media tree and aged past the grace
// period are listed, and removed with --apply; images that records refer
// to, and their variants, stay. Everything it touches is its own: other
// suites' files are younger than the grace period.

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <vector>

#include "integration/gc_support.h"
#include "integration/it_support.h"
#include "storage/blob_store.h"

namespace userimg::it {
namespace {

namespace fs = std::filesystem;

// Two hours ago, past the default grace period of one hour.
void age(const fs::path& file) {
  fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(2));
}

// Writes an image at `key` under the media root and ages it.
fs::path plant(const std::string& key) {
  const fs::path path = Target::get().mediaRoot / key;
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << pngImage(16, 16);
  age(path);
  return path;
}

std::string keyOf(const fs::path& file) {
  return fs::relative(file, Target::get().mediaRoot).generic_string();
}

class GcLocalTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(GcLocalTest);
  CPPUNIT_TEST(testGcListsAndRemovesPlantedOrphansOnly);
  CPPUNIT_TEST(testGcRejectsUnknownArguments);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testGcListsAndRemovesPlantedOrphansOnly() {
    // A referenced image, aged like everything else.
    const std::string token = mintToken(uniqueUserId("gc-local"));
    Reply uploaded = postMultipart("/users/me/profile-image", token,
                                   {{"file", "me.png", "image/png", pngImage(64, 64)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(uploaded.describe(), 200, uploaded.status);
    const std::string url = uploaded.jsonString("image_url");
    const fs::path image = mediaPathFor(url);
    // The image and the variants stored next to it ("<stem>_<name>.<ext>").
    std::vector<fs::path> referenced;
    for (const auto& entry : fs::directory_iterator(image.parent_path())) {
      if (entry.path().filename().string().rfind(image.stem().string(), 0) == 0) {
        age(entry.path());
        referenced.push_back(entry.path());
      }
    }
    const std::string imageKey = keyOf(image);
    // A variant of it, as stored next to its image.
    const fs::path keptVariant = plant(storage::variantKey(imageKey, "999"));

    const std::string uuid = uniqueUserId("orphan");
    const std::string orphan = "resume/images/0a/" + uuid + ".png";
    const std::string orphanVariant = storage::variantKey(orphan, "64");
    const std::string coverOrphan = "resume/covers/0b/" + uuid + ".jpg";
    plant(orphan);
    plant(orphanVariant);
    plant(coverOrphan);
    // What a put killed between mkstemp and rename leaves beside the objects.
    const std::string abandonedTemp = "resume/images/0a/.upload-Q7xk2P";
    plant(abandonedTemp);
    // Too young to be collected.
    const std::string fresh = "resume/images/0c/" + uuid + ".png";
    const fs::path freshPath = plant(fresh);
    fs::last_write_time(freshPath, fs::file_time_type::clock::now());

    const CommandResult dry = runCtl({"gc"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(dry.output, 0, dry.exitCode);
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "orphan profile", orphan));
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "orphan profile", orphanVariant));
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "orphan cover", coverOrphan));
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "orphan profile", abandonedTemp));
    CPPUNIT_ASSERT_MESSAGE("referenced image listed:\n" + dry.output,
                           dry.output.find(imageKey) == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("variant of a referenced image listed:\n" + dry.output,
                           dry.output.find(keyOf(keptVariant)) == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("a file within the grace period listed:\n" + dry.output,
                           dry.output.find(fresh) == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(dry.output, lineWith(dry.output, "gc:", "found"));
    CPPUNIT_ASSERT_MESSAGE("a dry run removes nothing",
                           fs::exists(Target::get().mediaRoot / orphan));

    const CommandResult applied = runCtl({"gc", "--apply"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(applied.output, 0, applied.exitCode);
    CPPUNIT_ASSERT_MESSAGE(applied.output, lineWith(applied.output, "removed profile", orphan));
    CPPUNIT_ASSERT_MESSAGE(applied.output, lineWith(applied.output, "removed cover", coverOrphan));
    for (const std::string& key : {orphan, orphanVariant, coverOrphan, abandonedTemp}) {
      CPPUNIT_ASSERT_MESSAGE(key + " must be removed", !fs::exists(Target::get().mediaRoot / key));
    }
    for (const fs::path& file : referenced) {
      CPPUNIT_ASSERT_MESSAGE(keyOf(file) + " is referenced and must stay", fs::exists(file));
      CPPUNIT_ASSERT_MESSAGE(keyOf(file) + " listed:\n" + dry.output,
                             dry.output.find(keyOf(file)) == std::string::npos);
    }
    CPPUNIT_ASSERT_MESSAGE("its variant stays", fs::exists(keptVariant));
    CPPUNIT_ASSERT_MESSAGE("the young file stays", fs::exists(freshPath));
    assertMediaServed(url);

    fs::remove(freshPath);
    fs::remove(keptVariant);
  }

  void testGcRejectsUnknownArguments() {
    const CommandResult bad = runCtl({"gc", "--force"});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(bad.output, 2, bad.exitCode);
  }
};

}  // namespace

// Only for integration.sqlite.gc: not in the default registry.
CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(GcLocalTest, "gc_local");

}  // namespace userimg::it
