#pragma once
// TestImage: a small PNG-headed file in the system temp directory, removed
// when the object goes away. Only its header is a real PNG (the signature
// and an IHDR chunk with the given size), which is all the Cloudinary test
// server reads.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace userimg::storage::cloudinary {

class TestImage {
 public:
  TestImage(int width, int height) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("userimg-cloudinary-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
             ".png");
    std::string bytes("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16);
    for (const int value : {width, height}) {
      for (int shift = 24; shift >= 0; shift -= 8)
        bytes += static_cast<char>(value >> shift & 0xFF);
    }
    bytes += std::string("\x08\x02\x00\x00\x00", 5);
    bytes += std::string(200, 'x');
    std::ofstream(path_, std::ios::binary) << bytes;
    size_ = static_cast<std::int64_t>(bytes.size());
  }
  ~TestImage() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TestImage(const TestImage&) = delete;
  TestImage& operator=(const TestImage&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::int64_t size() const { return size_; }

 private:
  std::filesystem::path path_;
  std::int64_t size_ = 0;
};

}  // namespace userimg::storage::cloudinary
