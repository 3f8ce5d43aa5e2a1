#include "support/upload_sandbox.h"

#include <cppunit/TestAssert.h>

#include <fstream>

#include "fakes/fake_image_processor.h"

namespace userimg::testing {
namespace {

core::ScopedTempDir makeDir(const std::string& prefix) {
  auto dir = core::ScopedTempDir::create(std::filesystem::temp_directory_path(), prefix);
  CPPUNIT_ASSERT_MESSAGE(dir.status().toString(), dir.ok());
  return std::move(dir.value());
}

}  // namespace

UploadSandbox::UploadSandbox(const std::string& prefix)
    : dir_(makeDir(prefix)),
      work_(dir_.path() / "work"),
      png_(dir_.path() / "upload.png"),
      text_(dir_.path() / "upload.txt") {
  std::filesystem::create_directories(work_);
  std::ofstream(png_, std::ios::binary) << std::string(fakes::kFakePng);
  std::ofstream(text_, std::ios::binary) << "this is not an image";
}

}  // namespace userimg::testing
