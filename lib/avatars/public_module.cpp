#include "avatars/public_module.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <system_error>

#include "auth/jwt_verifier.h"
#include "avatars/lookup_route.h"
#include "avatars/public_images.h"
#include "avatars/public_routes.h"
#include "core/clock.h"
#include "db/sql_public_key_repository.h"

namespace userimg::avatars {
namespace {

class Module final : public PublicImagesModule {
 public:
  Module(db::Database& database, db::UserRepository& users, AnswerCache* cache)
      : keys(database), images(keys, users, cache) {}

  db::SqlPublicKeyRepository keys;
  PublicImages images;
  core::SystemClock clock;
  std::optional<auth::JwtVerifier> lookupVerifier;  // when [lookup] secret is set
};

}  // namespace

std::unique_ptr<PublicImagesModule> installPublicImages(http::Router& router, api::ApiContext& api,
                                                        db::Database& database,
                                                        db::UserRepository& users,
                                                        const config::AppConfig& config,
                                                        StaticLinks* links, AnswerCache* cache) {
  auto module = std::make_unique<Module>(database, users, cache);
  if (config.publicImages.enabled) {
    api.publicMountPrefix = config.server.mountPrefix;
    addPublicImageRoutes(router, api, module->images,
                         PublicRoutesOptions{config.publicImages.maxAge, config.server.mountPrefix,
                                             config.storage.defaultProfileUrl, links});
  }
  LookupOptions lookup;
  if (!config.lookup.secret.empty()) {
    config::AuthConfig auth = config.auth;
    auth.secret = config.lookup.secret;
    module->lookupVerifier.emplace(auth, module->clock);
    lookup.lookupVerifier = &*module->lookupVerifier;
  }
  lookup.publicMountPrefix = api.publicMountPrefix;
  addLookupRoute(router, api, users, lookup);
  return module;
}

std::unique_ptr<StaticLinks> staticLinksFor(const config::AppConfig& config,
                                            db::UserRepository& users) {
  if (config.storage.backend != "local") return nullptr;
  if (!config.publicImages.enabled) {
    StaticLinks::removeAll(config.storage.root);
    return nullptr;
  }
  return std::make_unique<StaticLinks>(users, config.storage.root);
}

}  // namespace userimg::avatars

namespace userimg::avatars {

std::unique_ptr<AnswerCache> answerCacheFor(const config::AppConfig& config) {
  if (!config.publicImages.enabled || config.publicImages.cacheMs <= 0) return nullptr;
  // Usually there already (the SQLite file, the upload spool); if it cannot
  // be made, the cache says so and keeps a counter of its own.
  std::error_code ignored;
  std::filesystem::create_directories(config.dataDir, ignored);
  return std::make_unique<AnswerCache>(
      std::filesystem::path(config.dataDir) / "public-cache.generation",
      std::chrono::milliseconds(config.publicImages.cacheMs));
}

}  // namespace userimg::avatars
