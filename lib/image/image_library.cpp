#include "image/image_library.h"

#include <dlfcn.h>
#include <gmodule.h>
#include <stdlib.h>
#include <vips/vips.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
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

// libvips 8.14 loads every module of its module directory when it starts:
// HEIF, but also ImageMagick, poppler (PDF), OpenSlide and JPEG XL, whose
// loaders we block anyway. Loading them costs about 4 MB of resident memory
// and runs their libraries' start-up code in our process. libvips finds the
// directory under its prefix, which VIPSHOME overrides, so the start runs
// with VIPSHOME set to a path with no modules ("/dev/null/lib/..." cannot
// exist) and the HEIF module alone is then loaded by name.
constexpr const char* kNoModulesPrefix = "/dev/null";
constexpr const char* kHeifModule = "vips-heif";

// Runs VIPS_INIT with VIPSHOME pointing at kNoModulesPrefix, then restores
// the variable. Called once, at start, under initMutex.
int startWithoutModules() {
  const char* previous = ::getenv("VIPSHOME");
  const std::optional<std::string> saved =
      previous ? std::optional<std::string>(previous) : std::nullopt;
  ::setenv("VIPSHOME", kNoModulesPrefix, 1);
  const int result = VIPS_INIT("userimg");
  if (saved) {
    ::setenv("VIPSHOME", saved->c_str(), 1);
  } else {
    ::unsetenv("VIPSHOME");
  }
  return result;
}

// The module directory beside the libvips that is loaded:
// <libdir>/vips-modules-<major>.<minor>.
std::optional<std::filesystem::path> moduleDirectory() {
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&vips_init), &info) == 0 || !info.dli_fname) {
    return std::nullopt;
  }
  return std::filesystem::path(info.dli_fname).parent_path() /
         ("vips-modules-" + std::to_string(vips_version(0)) + "." +
          std::to_string(vips_version(1)));
}

// Loads the HEIF module (it registers heifload and heifsave when opened) and
// keeps it for the life of the process. Without it, HEIF and AVIF uploads
// are refused as unreadable images; everything else works.
void loadHeifModule() {
  const auto directory = moduleDirectory();
  if (!directory) {
    core::log::warning("libvips: cannot find its module directory; HEIF uploads will be refused");
    return;
  }
  const std::string path = (*directory / (std::string(kHeifModule) + "." G_MODULE_SUFFIX)).string();
  GModule* module = g_module_open(path.c_str(), G_MODULE_BIND_LAZY);
  if (!module) {
    core::log::warning("libvips: cannot load " + path + " (" + g_module_error() +
                       "); HEIF uploads will be refused");
    return;
  }
  g_module_make_resident(module);
}

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

  // ORC (run-time SIMD code) stays on: liborc's code memory is guarded
  // against concurrent use by image/orc_guard.cpp.
}

}  // namespace

core::Status initImageLibrary(const config::ImagesConfig& config) {
  std::lock_guard lock(initMutex);
  if (finished) return core::Status::internal("The image library was shut down");
  if (!started) {
    if (startWithoutModules() != 0) {
      return core::Status::internal("Cannot start libvips: " + detail::takeVipsError());
    }
    started = true;
    loadHeifModule();
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
