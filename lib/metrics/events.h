#pragma once
// The events the service counts, as plain free functions: lib/service,
// lib/storage, lib/db, lib/net, lib/image and fcgi-app call these and never
// see prometheus-cpp (only lib/metrics/ does).
//
// They go to the Metrics that is installed (metrics/metrics.h: one per
// process, installed by app::Application when [metrics] enabled); with none
// installed, each call is a load of one atomic pointer and nothing else.
// Thread-safe, never throw, never block on I/O. Labels come from fixed sets
// named here: a value outside them is counted as "other", so no caller can
// grow a metric's label set.

#include <string_view>

#include "core/image_kind.h"

namespace userimg::metrics {

class Metrics;

// Whether a Metrics is installed.
bool enabled();

// Images stored (every new main image), replaced (a new one took the place
// of an existing one) and deleted (by its user), by kind.
void imageStored(core::ImageKind kind);
void imageReplaced(core::ImageKind kind);
void imageDeleted(core::ImageKind kind);

// One run of the image pipeline on an upload of `format` ("jpeg", "png",
// "gif", "webp", "heif"; anything else is "other"), successful or not.
void pipelineSeconds(std::string_view format, double seconds);

// One pass of the deletion sweeper; `failed` when it stopped on an error.
void sweeperRun(bool failed);

// A database operation failed (db::statusFromPoco).
void databaseError();

// One Cloudinary API call: `operation` in upload, destroy, fetch, list,
// ping; `outcome` in ok, client_error (a 4xx it refused), unavailable (a
// transport failure, 420/429 or 5xx), bad_answer (an unreadable 2xx).
void cloudinaryCall(std::string_view operation, std::string_view outcome);
// One more attempt of an HTTP call after a retryable failure (lib/net).
void cloudinaryRetry();

// One lookup in the public routes' answer cache (avatars/answer_cache.h):
// `hit` when it answered without a database read.
void publicCacheLookup(bool hit);

// A worker thread started (+1) or finished (-1) serving a request.
void workerBusy(int delta);
// How many worker threads the FastCGI server runs.
void setWorkerThreads(int threads);

namespace detail {
// Installs `metrics` as the target of the calls above (nullptr: none).
// Used by Metrics::install()/uninstall().
void setCurrent(Metrics* metrics);
}  // namespace detail

}  // namespace userimg::metrics
