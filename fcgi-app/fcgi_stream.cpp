#include "fcgi_stream.h"

namespace userimg::fcgi {

FcgiInputBuf::int_type FcgiInputBuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  const int n = FCGX_GetStr(buffer_, sizeof buffer_, in_);
  if (n <= 0) return traits_type::eof();
  setg(buffer_, buffer_, buffer_ + n);
  return traits_type::to_int_type(*gptr());
}

}  // namespace userimg::fcgi
