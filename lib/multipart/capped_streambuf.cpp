#include "multipart/capped_streambuf.h"

#include <algorithm>

namespace userimg::multipart {

CappedStreamBuf::CappedStreamBuf(std::streambuf& source, std::int64_t limit)
    : source_(source), limit_(std::max<std::int64_t>(limit, 0)) {}

CappedStreamBuf::int_type CappedStreamBuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  // One byte past the limit is enough to know the body is too large; never
  // ask the source for more than that.
  const std::int64_t remaining = limit_ + 1 - bytesRead_;
  if (remaining <= 0) return traits_type::eof();
  const auto want = static_cast<std::streamsize>(std::min<std::int64_t>(remaining, buffer_.size()));
  const std::streamsize got = source_.sgetn(buffer_.data(), want);
  if (got <= 0) return traits_type::eof();
  bytesRead_ += got;
  setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
  return traits_type::to_int_type(*gptr());
}

}  // namespace userimg::multipart
