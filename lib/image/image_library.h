#pragma once
// The process-wide set-up of the image library (libvips), done once at start
// before any VipsImageProcessor processes an image:
//
//   if (auto s = image::initImageLibrary(config.images); !s.isOk()) return fail(s);
//   ... serve ...
//   image::shutdownImageLibrary();  // once, at exit, after the last process()
//
// initImageLibrary() starts libvips with its HEIF module only (not the
// ImageMagick, PDF, OpenSlide and JPEG XL ones libvips would load by itself),
// blocks every loader but JPEG, PNG, GIF, WebP and HEIF (and every operation
// libvips marks untrusted), turns the operation cache off and sets the
// threads libvips uses per image (ImagesConfig::vipsThreads). It routes
// libvips' warnings to the log (debug). Calling it again re-applies the
// settings. Thread-safe.

#include "config/images_config.h"
#include "core/status.h"

namespace userimg::image {

// kInternal when libvips cannot start.
core::Status initImageLibrary(const config::ImagesConfig& config);

// True once initImageLibrary() has succeeded (and until shutdown).
bool imageLibraryReady();

// Releases libvips. Nothing may use the image library afterwards, in this
// process: libvips cannot be started twice.
void shutdownImageLibrary();

}  // namespace userimg::image
