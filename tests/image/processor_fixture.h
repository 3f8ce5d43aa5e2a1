#pragma once
// ProcessorFixture: the base of the VipsImageProcessor tests. Each test gets
// libvips started, a temporary directory of its own (dir_, removed after
// it) with an empty work directory in it (work_), and process(), which runs
// a VipsImageProcessor of config_ and asserts that it succeeds. config_ is
// the default but for siblings (none: these suites count and check the
// variants in the image's own format; vips_siblings_test.cpp has them).

#include <cppunit/TestFixture.h>

#include <filesystem>
#include <memory>

#include "image/vips_image_processor.h"
#include "image_fixtures.h"

namespace userimg::image::testing {

class ProcessorFixture : public CppUnit::TestFixture {
 public:
  void setUp() override;
  void tearDown() override;

 protected:
  // `input` processed as a `kind` image with config_ and `options`; asserts
  // success (the failure's status is the assertion's message).
  ProcessedImage process(core::ImageKind kind, const std::filesystem::path& input,
                         const ProcessOptions& options = {});

  config::ImagesConfig config_;
  std::unique_ptr<TempDir> dir_;
  std::filesystem::path work_;
};

}  // namespace userimg::image::testing
