#pragma once
// Application: the whole service built from an AppConfig — database pool,
// repository, blob store, image pipeline, token verifier, service, the
// router with both API surfaces and the background sweeper of pending
// deletions (service/sweeper_thread.h; stopped and joined by the
// destructor). userimg-fcgi owns one; tests build one over a temp directory.
//
// handle() is thread-safe and never throws: anything unexpected becomes a
// 500 JSON error in the path's surface shape. Every request it answers is
// described to the observers (lib/observe/: the access log, the metrics).

#include <memory>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "http/request.h"
#include "http/response.h"
#include "observe/request_record.h"
#include "storage/blob_store.h"

namespace userimg::app {

// The BlobStore config.storage.backend names: "local" (the media tree under
// storage.root) or "cloudinary" (config.cloudinary). `clock` is borrowed and
// must outlive the store. Fails with kInvalidArgument on a configuration the
// backend refuses (never quoting the API secret). Shared with userimgctl.
core::Result<std::unique_ptr<storage::BlobStore>> makeBlobStore(const config::AppConfig& config,
                                                                const core::Clock& clock);

class Application {
 public:
  // Opens the database (refusing an unmigrated schema), prepares the media
  // and temp directories and the image library. Fails with a message fit
  // for an operator.
  static core::Result<std::unique_ptr<Application>> create(const config::AppConfig& config);

  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Answers `request`, then hands its RequestRecord to every observer.
  http::Response handle(const http::Request& request) const noexcept;

  // Adds a consumer of every request's record. Call before serving: it is
  // not thread-safe against handle().
  void addObserver(std::unique_ptr<observe::RequestObserver> observer);

 private:
  struct Parts;
  explicit Application(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
};

}  // namespace userimg::app
