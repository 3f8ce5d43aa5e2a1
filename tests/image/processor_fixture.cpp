#include "processor_fixture.h"

#include <cppunit/TestAssert.h>

namespace userimg::image::testing {

void ProcessorFixture::setUp() {
  ensureLibrary();
  config_ = withoutSiblings(config::ImagesConfig{});
  dir_ = std::make_unique<TempDir>();
  work_ = dir_->path() / "work";
  std::filesystem::create_directory(work_);
}

void ProcessorFixture::tearDown() {
  dir_.reset();
}

ProcessedImage ProcessorFixture::process(core::ImageKind kind, const std::filesystem::path& input,
                                         const ProcessOptions& options) {
  auto result = VipsImageProcessor(config_).process(kind, input, work_, options);
  CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
  return std::move(result.value());
}

}  // namespace userimg::image::testing
