#pragma once
// CappedStreamBuf: a read-only streambuf over another streambuf that counts
// the bytes it takes from it and stops at a cap.
//
// It reads at most `limit + 1` bytes from the source, so a caller can tell a
// body of exactly `limit` bytes (accepted) from a longer one (exceeded())
// without reading further. After the cap it reports end of file.
// Not thread-safe; one reader at a time.

#include <array>
#include <cstdint>
#include <streambuf>

namespace userimg::multipart {

class CappedStreamBuf final : public std::streambuf {
 public:
  // `source` is borrowed and must outlive this buffer.
  CappedStreamBuf(std::streambuf& source, std::int64_t limit);
  CappedStreamBuf(const CappedStreamBuf&) = delete;
  CappedStreamBuf& operator=(const CappedStreamBuf&) = delete;

  // Bytes taken from the source so far (at most limit + 1).
  std::int64_t bytesRead() const { return bytesRead_; }
  // True once more than `limit` bytes were taken from the source.
  bool exceeded() const { return bytesRead_ > limit_; }

 protected:
  int_type underflow() override;

 private:
  std::streambuf& source_;
  std::int64_t limit_;
  std::int64_t bytesRead_ = 0;
  std::array<char, 8192> buffer_{};
};

}  // namespace userimg::multipart
