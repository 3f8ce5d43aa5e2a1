#pragma once
// What the Cloudinary test server holds between requests: the stored assets,
// the destroys it performed, the last requests it received (for tests to
// assert on), the failure to inject next and its clock. Every member is
// guarded by `mutex`.

#include <Poco/JSON/Object.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cloudinary_test_server.h"

namespace userimg::cloudinary_server {

struct Asset {
  std::string publicId;
  std::string assetId;
  std::string format;
  std::string data;
  int width = 0;
  int height = 0;
  std::int64_t version = 0;
  std::int64_t createdAt = 0;
};

struct Failure {
  std::string mode;  // "500", "429", "timeout", "drop", "malformed"
  int remaining = 0;
  std::string match;  // path substring; empty matches every API/delivery path
  int delayMs = 10000;
};

struct RecordedRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> fields;  // the file part excluded
  std::string fileName;                                     // empty without a file part
  std::int64_t fileBytes = 0;
  bool basicAuth = false;
};

struct ServerState {
  explicit ServerState(CloudinaryTestServer::Options options) : options(std::move(options)) {}

  // Seconds since the epoch: the fixed time when set, else the wall clock.
  std::int64_t now() const;
  // The failure to apply to a request for `path`, consuming one of its count.
  std::optional<Failure> takeFailure(const std::string& path);
  void record(RecordedRequest request);
  Poco::JSON::Object::Ptr toJson() const;
  // "http://127.0.0.1:<port>"
  std::string baseUrl() const;

  const CloudinaryTestServer::Options options;
  mutable std::mutex mutex;
  std::condition_variable wake;  // signalled on stop, for "timeout" handlers
  bool stopping = false;
  std::uint16_t port = 0;
  std::map<std::string, Asset> assets;  // by public ID, sorted like Cloudinary lists them
  std::vector<std::string> destroyed;
  std::deque<RecordedRequest> requests;  // the last 100
  std::map<std::string, int> counts;     // "upload", "destroy", "list", "deliver"
  Failure failure;
  std::int64_t fixedNow = 0;
  std::int64_t lastVersion = 0;
};

}  // namespace userimg::cloudinary_server
