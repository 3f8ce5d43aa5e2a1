#include "app/application.h"

#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <system_error>
#include <vector>

#include "api/api_context.h"
#include "api/upload_limits_api.h"
#include "api/user_images_api.h"
#include "api/users_me_api.h"
#include "auth/jwt_verifier.h"
#include "avatars/public_module.h"
#include "avatars/static_links.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/scratch_dir.h"
#include "cors/cors_policy.h"
#include "db/database.h"
#include "db/deletion_queue.h"
#include "db/migrator.h"
#include "db/sql_upload_counter.h"
#include "db/sql_user_repository.h"
#include "health/checks.h"
#include "health/health_routes.h"
#include "http/router.h"
#include "image/vips_image_processor.h"
#include "metrics/metrics.h"
#include "metrics/metrics_route.h"
#include "observe/access_log.h"
#include "observe/request_id.h"
#include "observe/request_notes.h"
#include "service/deletion_sweeper.h"
#include "service/image_service.h"
#include "service/sweeper_thread.h"
#include "storage/cloudinary/cloudinary_blob_store.h"
#include "storage/local/local_blob_store.h"

namespace userimg::app {

using core::Result;
using core::Status;

struct Application::Parts {
  core::SystemClock clock;
  // This process's spool and work directory; removed when the process ends.
  std::unique_ptr<core::ScratchDir> scratch;
  std::unique_ptr<db::Database> database;
  std::unique_ptr<db::SqlUserRepository> users;
  std::unique_ptr<db::SqlUploadCounter> uploadCounter;
  std::unique_ptr<storage::BlobStore> store;
  std::unique_ptr<image::ImageProcessor> processor;
  std::unique_ptr<auth::JwtVerifier> verifier;
  std::unique_ptr<service::ImageService> images;
  std::unique_ptr<api::ApiContext> context;
  std::unique_ptr<avatars::StaticLinks> staticLinks;    // null unless public and local
  std::unique_ptr<avatars::AnswerCache> answerCache;    // null unless public and cache_ms
  std::unique_ptr<avatars::Invalidation> invalidation;  // with answerCache: the service's hook
  std::unique_ptr<avatars::PublicImagesModule> publicImages;  // null when [public] is off
  http::Router router;
  cors::CorsPolicy cors;  // [http] cors_origins
  std::vector<std::unique_ptr<observe::RequestObserver>> observers;
  bool trustRequestId = false;  // [log] trust_request_id
  std::unique_ptr<health::Readiness> readiness;
  // Before the sweeper: it counts its runs here until it is joined.
  std::unique_ptr<metrics::Metrics> metrics;
  std::unique_ptr<service::DeletionSweeper> sweeper;
  // Declared last so it is destroyed (stopped and joined) first, while
  // everything it uses still exists.
  std::unique_ptr<service::SweeperThread> sweeperThread;
};

namespace {

Status makeDirectory(const std::filesystem::path& dir, const char* what) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Status::unavailable(std::string("cannot create the ") + what + " " + dir.string() +
                               ": " + ec.message());
  return Status::ok();
}

}  // namespace

Result<std::unique_ptr<storage::BlobStore>> makeBlobStore(const config::AppConfig& config,
                                                          const core::Clock& clock) {
  if (config.storage.backend == "cloudinary") {
    auto store = storage::cloudinary::makeCloudinaryBlobStore(config.cloudinary, clock);
    if (!store) return store.status();
    return std::unique_ptr<storage::BlobStore>(std::move(store.value()));
  }
  if (config.storage.backend != "local") {
    return Status::invalidArgument("[storage] backend: '" + config.storage.backend +
                                   "' is not a known backend (local, cloudinary)");
  }
  return std::unique_ptr<storage::BlobStore>(std::make_unique<storage::LocalBlobStore>(
      storage::LocalBlobStoreOptions{config.storage.root, config.storage.mediaPrefix,
                                     config.storage.profileDir, config.storage.coverDir}));
}

Result<std::unique_ptr<Application>> Application::create(const config::AppConfig& config) {
  core::log::Level level = core::log::Level::kInfo;
  core::log::parseLevel(config.log.level, level);
  core::log::setLevel(level);
  core::log::Format format = core::log::Format::kText;
  core::log::parseFormat(config.log.format, format);
  core::log::setFormat(format);

  auto parts = std::make_unique<Parts>();
  // Request ids and the access log (lib/observe/request_id.h, access_log.h).
  parts->trustRequestId = config.log.trustRequestId;
  if (config.log.access) {
    parts->observers.push_back(std::make_unique<observe::AccessLog>(observe::AccessLogOptions{
        config.log.userIds, std::chrono::milliseconds(config.log.accessFlushMs)}));
  }
  const std::filesystem::path uploadTemp = config.upload.tempDir;
  for (auto [dir, what] : {std::pair{std::filesystem::path(config.storage.root), "media root"},
                           std::pair{uploadTemp, "upload temp directory"}}) {
    if (Status made = makeDirectory(dir, what); !made.isOk()) return made;
  }

  // What processes killed mid-upload left in the shared temp directory.
  const core::ScratchSweep swept = core::sweepAbandonedScratch(uploadTemp);
  if (swept.abandonedDirs + swept.staleEntries > 0) {
    core::log::info("removed " + std::to_string(swept.abandonedDirs) +
                    " temp directories of processes that died and " +
                    std::to_string(swept.staleEntries) + " stale temp files from " +
                    uploadTemp.string());
  }
  auto scratch = core::ScratchDir::claim(uploadTemp);
  if (!scratch) return scratch.status();
  parts->scratch = std::move(scratch.value());
  const std::filesystem::path& workDir = parts->scratch->path();

  auto database = db::Database::open(config.database);
  if (!database) return database.status();
  parts->database = std::move(database.value());
  if (Status schema = db::checkSchema(*parts->database); !schema.isOk()) return schema;
  parts->users = std::make_unique<db::SqlUserRepository>(*parts->database);
  parts->uploadCounter = std::make_unique<db::SqlUploadCounter>(*parts->database);

  auto store = makeBlobStore(config, parts->clock);
  if (!store) return store.status();
  parts->store = std::move(store.value());

  if (Status ready = image::initImageLibrary(config.images); !ready.isOk()) return ready;
  parts->processor = std::make_unique<image::VipsImageProcessor>(config.images);

  parts->verifier = std::make_unique<auth::JwtVerifier>(config.auth, parts->clock);
  service::ServiceOptions options;
  options.autoProvision = config.auth.autoProvision;
  options.workDir = workDir;
  options.deletionRetrySeconds = config.deletions.retrySeconds;
  options.uploadsPerUserPerMinute = config.upload.perUserPerMinute;
  options.uploadCounter = parts->uploadCounter.get();
  parts->staticLinks = avatars::staticLinksFor(config, *parts->users);
  options.published = parts->staticLinks.get();
  parts->answerCache = avatars::answerCacheFor(config);
  if (parts->answerCache) {
    parts->invalidation =
        std::make_unique<avatars::Invalidation>(*parts->answerCache, parts->staticLinks.get());
    options.published = parts->invalidation.get();
  }
  parts->images = std::make_unique<service::ImageService>(*parts->users, *parts->store,
                                                          *parts->processor, parts->clock, options);

  multipart::FormLimits limits;
  limits.maxBodyBytes = config.upload.maxBytes;
  parts->context = std::make_unique<api::ApiContext>(api::ApiContext{
      *parts->verifier, *parts->images, limits, workDir, config.storage.defaultProfileUrl});
  api::addUserImagesRoutes(parts->router, *parts->context);
  api::addUsersMeRoutes(parts->router, *parts->context);
  api::addUploadLimitsRoute(parts->router, *parts->context, config.images);
  parts->cors = cors::CorsPolicy(config.http.corsOrigins);
  parts->publicImages =
      avatars::installPublicImages(parts->router, *parts->context, *parts->database, *parts->users,
                                   config, parts->staticLinks.get(), parts->answerCache.get());

  // Health and metrics (lib/health/, lib/metrics/): unauthenticated paths
  // the web server restricts; metrics off counts nothing at all.
  db::Database& sql = *parts->database;
  std::function<core::Result<db::DeletionQueueStats>()> queue = [&sql] {
    return db::readDeletionQueueStats(sql);
  };
  std::vector<health::Check> checks = {health::databaseCheck(sql),
                                       health::storageCheck(*parts->store)};
  if (config.health.stuckDeletionSeconds > 0) {
    checks.push_back(
        health::deletionQueueCheck(queue, parts->clock, config.health.stuckDeletionSeconds));
  }
  parts->readiness = std::make_unique<health::Readiness>(
      std::move(checks), std::chrono::milliseconds(config.health.cacheMs));
  health::addHealthRoutes(parts->router, *parts->readiness, config.health);
  if (config.metrics.enabled) {
    std::vector<std::string> routes = parts->router.routePatterns();
    routes.push_back(config.metrics.path);
    const core::Clock& clock = parts->clock;
    parts->metrics = std::make_unique<metrics::Metrics>(
        routes, metrics::MetricsSources{queue, [&clock] { return clock.nowSeconds(); },
                                        [&sql] { return sql.poolInUse(); }, sql.poolMax(),
                                        std::chrono::milliseconds(1000)});
    parts->metrics->install();
    metrics::addMetricsRoute(parts->router, *parts->metrics, config.metrics.path);
    parts->observers.push_back(metrics::makeRequestObserver(*parts->metrics));
  }

  service::SweeperOptions sweeping;
  sweeping.retrySeconds = config.deletions.retrySeconds;
  parts->sweeper =
      std::make_unique<service::DeletionSweeper>(*parts->users, *parts->store, sweeping);
  parts->sweeperThread = std::make_unique<service::SweeperThread>(
      *parts->sweeper, parts->clock, std::chrono::seconds(config.deletions.sweepIntervalSeconds));

  return std::unique_ptr<Application>(new Application(std::move(parts)));
}

Application::Application(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Application::~Application() {
  // Before any part goes: the sweep in progress still uses the store and
  // the repository.
  if (parts_ && parts_->sweeperThread) parts_->sweeperThread->stop();
}

namespace {

// `routed`: a route has the request's path.
http::Response answer(const http::Router& router, const cors::CorsPolicy& cors,
                      const http::Request& request, bool routed) noexcept {
  const http::ErrorShape shape = router.errorShapeFor(request.path);
  try {
    if (auto preflight = cors.preflight(request, routed)) {
      return std::move(*preflight);
    }
    return router.dispatch(request);
  } catch (const std::exception& e) {
    core::log::error("unhandled exception on " + request.method + " " + request.path + ": " +
                     e.what());
  } catch (...) {
    core::log::error("unhandled exception on " + request.method + " " + request.path);
  }
  observe::notes().outcome = "exception";
  try {
    return http::errorResponse(shape, 500, "Internal server error");
  } catch (...) {
    http::Response response;
    response.status = 500;
    return response;
  }
}

}  // namespace

http::Response Application::handle(const http::Request& request) const noexcept {
  observe::clearNotes();
  const auto start = std::chrono::steady_clock::now();
  // The request's id: in every line logged while it is served, and returned.
  std::string requestId;
  try {
    requestId = observe::chooseRequestId(request.header("x-request-id"), request.frontEndRequestId,
                                         parts_->trustRequestId);
  } catch (...) {
    // Out of memory: the request goes without an id.
  }
  const core::log::RequestIdScope logged(requestId);
  std::string route = "unmatched";
  try {
    route = parts_->router.routeFor(request.path);
  } catch (...) {
    // Out of memory: the label stays "unmatched" (the router answers anyway).
  }
  http::Response response = answer(parts_->router, parts_->cors, request, route != "unmatched");
  parts_->cors.decorate(request, response);
  try {
    if (!requestId.empty()) response.setHeader("X-Request-Id", requestId);
  } catch (...) {
    // Out of memory adding the header: the answer goes out without it.
  }
  if (parts_->observers.empty()) return response;
  try {
    observe::RequestRecord record;
    record.requestId = requestId;
    record.method = request.method;
    record.route = std::move(route);
    record.status = response.status;
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    record.bytesIn = request.contentLength.value_or(0);
    record.bytesOut = static_cast<std::int64_t>(response.body.size());
    const observe::RequestNotes& notes = observe::notes();
    record.userId = notes.userId;
    record.outcome = observe::outcomeFor(notes, response.status);
    for (const auto& observer : parts_->observers) observer->observe(record);
  } catch (...) {
    // Out of memory building the record: the answer still goes out.
  }
  return response;
}

void Application::addObserver(std::unique_ptr<observe::RequestObserver> observer) {
  parts_->observers.push_back(std::move(observer));
}

}  // namespace userimg::app
