#include "support/temp_application.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include "auth/token_issuer.h"
#include "core/clock.h"
#include "db/database.h"
#include "db/migrator.h"

namespace userimg::testing {

TempApplication::TempApplication() {
  auto dir = core::ScopedTempDir::create(std::filesystem::temp_directory_path(), "app-");
  CPPUNIT_ASSERT(dir.ok());
  dir_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
  config_.auth.secret = "temp-application-secret-0123456789";
  config_.database.driver = "sqlite";
  config_.database.sqlitePath = (dir_->path() / "userimg.db").string();
  config_.storage.root = (dir_->path() / "media").string();
  config_.upload.tempDir = (dir_->path() / "tmp").string();
  config_.deletions.sweepIntervalSeconds = 3600;
}

TempApplication::~TempApplication() {
  application_.reset();
}

app::Application& TempApplication::start() {
  {
    auto database = db::Database::open(config_.database);
    CPPUNIT_ASSERT(database.ok());
    CPPUNIT_ASSERT(db::migrate(*database.value()).isOk());
  }
  auto application = app::Application::create(config_);
  CPPUNIT_ASSERT_MESSAGE(application.status().message(), application.ok());
  application_ = std::move(application.value());
  return *application_;
}

http::Response TempApplication::get(const std::string& path, const std::string& authorization) {
  return send("GET", path, authorization);
}

http::Response TempApplication::send(const std::string& method, const std::string& path,
                                     const std::string& authorization) {
  std::istringstream empty;
  http::Request request;
  request.method = method;
  request.path = path;
  request.body = &empty;
  if (!authorization.empty()) request.headers["authorization"] = authorization;
  return application_->handle(request);
}

std::string TempApplication::bearer(const std::string& subject) const {
  core::SystemClock clock;
  auth::TokenIssuer issuer(config_.auth, clock);
  auth::TokenClaims claims;
  claims.userId = subject;
  return "Bearer " + issuer.issue(claims);
}

}  // namespace userimg::testing
