#pragma once
// FcgiInputBuf: a std::streambuf reading a request's FastCGI stdin stream, so
// the body can be handed to parsers as a std::istream without copying it.
// Not thread-safe; one per worker thread, reset() for each request.

#include <fcgiapp.h>

#include <streambuf>

namespace userimg::fcgi {

class FcgiInputBuf final : public std::streambuf {
 public:
  // `in` is borrowed: the request's stream, valid until FCGX_Finish_r.
  explicit FcgiInputBuf(FCGX_Stream* in) : in_(in) {}

  // Reads `in` from now on, with nothing of the last stream left buffered.
  void reset(FCGX_Stream* in) {
    in_ = in;
    setg(buffer_, buffer_, buffer_);
  }

 protected:
  int_type underflow() override;

 private:
  FCGX_Stream* in_;
  char buffer_[64 * 1024];
};

}  // namespace userimg::fcgi
