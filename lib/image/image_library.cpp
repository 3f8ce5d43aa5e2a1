#include "image/image_library.h"

#include <vips/vips.h>

#include <atomic>
#include <mutex>
#include <string>

#include "core/log.h"
#include "image/vips_support.h"

namespace userimg::image {
namespace {

std::mutex initMutex;
bool started = false;   // VIPS_INIT has run (guarded by initMutex)
bool finished = false;  // vips_shutdown has run (guarded by initMutex)
std::atomic<bool> ready{false};

// The loaders' class names in libvips 8.14; each class covers its file,
// buffer and source variants.
constexpr const char* kAllowedLoaders[] = {
    "VipsForeignLoadJpeg", "VipsForeignLoadPng",  "VipsForeignLoadNsgif",
    "VipsForeignLoadWebp", "VipsForeignLoadHeif",
};

// libvips warns (g_warning) about oddities of the input, such as "heifload:
// ignoring nclx profile": the client's business, not an operator's.
void logVipsMessage(const gchar* domain, GLogLevelFlags, const gchar* message, gpointer) {
  core::log::debug(std::string("libvips ") + (domain ? domain : "") + ": " +
                   (message ? message : ""));
}

void applySettings(const config::ImagesConfig& config) {
  // Block every loader, then allow ours back: operation_block_set applies
  // to a class and all its subclasses. Untrusted operations are blocked last
  // so that no allowed class can re-enable one of them.
  vips_operation_block_set("VipsForeignLoad", TRUE);
  for (const char* loader : kAllowedLoaders) vips_operation_block_set(loader, FALSE);
  vips_block_untrusted_set(TRUE);

  // Each upload is a new file: caching operations would only hold memory
  // (and could serve a result for a reused file name).
  vips_cache_set_max(0);
  vips_cache_set_max_mem(0);
  vips_cache_set_max_files(0);
  vips_concurrency_set(config.vipsThreads > 0 ? config.vipsThreads : 1);
}

}  // namespace

core::Status initImageLibrary(const config::ImagesConfig& config) {
  std::lock_guard lock(initMutex);
  if (finished) return core::Status::internal("The image library was shut down");
  if (!started) {
    if (VIPS_INIT("userimg") != 0) {
      return core::Status::internal("Cannot start libvips: " + detail::takeVipsError());
    }
    started = true;
    g_log_set_handler("VIPS",
                      static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
                      logVipsMessage, nullptr);
  }
  applySettings(config);
  ready = true;
  return core::Status::ok();
}

bool imageLibraryReady() {
  return ready;
}

void shutdownImageLibrary() {
  std::lock_guard lock(initMutex);
  if (!started || finished) return;
  ready = false;
  vips_shutdown();
  finished = true;
}

}  // namespace userimg::image
