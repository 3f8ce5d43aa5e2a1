#pragma once
// TempApplication: an app::Application over a migrated SQLite database and
// a media tree in a private temp directory, for tests that drive it through
// handle() (health and metrics routes). Not thread-safe; one per test.
//
//   TempApplication app;                  // configure() first to change the config
//   http::Response r = app.get("/healthz");

#include <filesystem>
#include <memory>
#include <string>

#include "app/application.h"
#include "config/config.h"
#include "core/temp_dir.h"
#include "http/response.h"

namespace userimg::testing {

class TempApplication {
 public:
  // The configuration start() uses: edit it before start().
  TempApplication();
  ~TempApplication();

  config::AppConfig& config() { return config_; }
  const std::filesystem::path& dir() const { return dir_->path(); }

  // Migrates the database and creates the Application (asserting success).
  app::Application& start();
  void stop() { application_.reset(); }

  // A request through handle(); `authorization` is the header's value.
  http::Response get(const std::string& path, const std::string& authorization = "");
  http::Response send(const std::string& method, const std::string& path,
                      const std::string& authorization = "");

  // "Bearer <a token for `subject`>".
  std::string bearer(const std::string& subject) const;

 private:
  std::unique_ptr<core::ScopedTempDir> dir_;
  config::AppConfig config_;
  std::unique_ptr<app::Application> application_;
};

}  // namespace userimg::testing
