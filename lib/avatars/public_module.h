#pragma once
// The public images feature as the app wires it (issue 14): its
// repository, its service, its routes and the batch lookup
// (avatars/lookup_route.h), owned together.
//
//   parts->publicImages = avatars::installPublicImages(router, context, db, users, config);
//
// With [public] enabled = false the public routes are not added (their
// paths answer the router's 404) and no JSON answer names a public URL;
// the batch lookup is there either way.
// Not thread-safe to install; the installed routes are (see public_routes.h).

#include <memory>

#include "api/api_context.h"
#include "avatars/answer_cache.h"
#include "avatars/static_links.h"
#include "config/config.h"
#include "db/database.h"
#include "db/user_repository.h"
#include "http/router.h"

namespace userimg::avatars {

class PublicImagesModule {
 public:
  virtual ~PublicImagesModule() = default;
};

// Adds the routes to `router` and sets `api.publicMountPrefix`. Every
// reference is borrowed and must outlive the returned module, which must
// outlive the router's use. `links` (may be null): staticLinksFor()'s;
// `cache` (may be null): answerCacheFor()'s.
std::unique_ptr<PublicImagesModule> installPublicImages(http::Router& router, api::ApiContext& api,
                                                        db::Database& database,
                                                        db::UserRepository& users,
                                                        const config::AppConfig& config,
                                                        StaticLinks* links, AnswerCache* cache);

// The public routes' answer cache (avatars/answer_cache.h) when [public] is
// on and [public] cache_ms > 0; null otherwise. Its generation file is in
// the data directory. The service must be told of every change through an
// Invalidation of it.
std::unique_ptr<AnswerCache> answerCacheFor(const config::AppConfig& config);

// The static links of the fast path (avatars/static_links.h) when [public]
// is on and storage is local; null otherwise. With [public] off a link
// tree left from before is removed: nothing may be served past the app.
// `users` is borrowed and must outlive the result.
std::unique_ptr<StaticLinks> staticLinksFor(const config::AppConfig& config,
                                            db::UserRepository& users);

}  // namespace userimg::avatars
