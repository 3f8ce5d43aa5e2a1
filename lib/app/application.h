#pragma once
// Application: the whole service built from an AppConfig — database pool,
// repository, blob store, image pipeline, token verifier, service and the
// router with both API surfaces. The executables own one; tests build one
// over a temp directory.
//
// handle() is thread-safe and never throws: anything unexpected becomes a
// 500 JSON error in the path's surface shape.

#include <memory>

#include "config/config.h"
#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace userimg::app {

class Application {
 public:
  // Opens the database (refusing an unmigrated schema), prepares the media
  // and temp directories and the image library. Fails with a message fit
  // for an operator.
  static core::Result<std::unique_ptr<Application>> create(const config::AppConfig& config);

  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  http::Response handle(const http::Request& request) const noexcept;

 private:
  struct Parts;
  explicit Application(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
};

}  // namespace userimg::app
