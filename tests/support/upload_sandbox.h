#pragma once
// UploadSandbox: what a service test uploads from. A private temp directory,
// removed with everything in it when the sandbox goes, holding:
//   work/        for ServiceOptions::workDir (created);
//   upload.png   a small PNG that the fake image processor accepts;
//   upload.txt   text that no image processor accepts.
// Construction fails the running test when the directory cannot be made.

#include <filesystem>
#include <string>

#include "core/temp_dir.h"

namespace userimg::testing {

class UploadSandbox {
 public:
  // The directory is "<temp>/<prefix>XXXXXX".
  explicit UploadSandbox(const std::string& prefix);

  const std::filesystem::path& dir() const { return dir_.path(); }
  const std::filesystem::path& workDir() const { return work_; }
  const std::filesystem::path& png() const { return png_; }
  const std::filesystem::path& text() const { return text_; }

 private:
  core::ScopedTempDir dir_;
  std::filesystem::path work_, png_, text_;
};

}  // namespace userimg::testing
