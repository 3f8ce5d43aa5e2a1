#include "ctl_regenerate.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "app/application.h"
#include "avatars/public_module.h"
#include "core/clock.h"
#include "core/scratch_dir.h"
#include "db/database.h"
#include "db/migrator.h"
#include "db/sql_user_repository.h"
#include "image/image_library.h"
#include "image/vips_image_processor.h"
#include "service/regenerator.h"

namespace userimg::cli {

const char* const kRegenerateUsage =
    "  regenerate [--kind profile|cover] [--user ID] [--dry-run] [--force]\n"
    "                                   rebuild stored images' variants and placeholders\n"
    "                                   from the stored images, for the current [images]\n"
    "                                   settings (those that already match are skipped\n"
    "                                   unless --force; --dry-run only lists them)\n";

namespace {

int usage(const std::string& why) {
  std::cerr << "userimgctl: " << why << "\n" << kRegenerateUsage;
  return 2;
}

int fail(const core::Status& status) {
  std::cerr << "userimgctl: " << status.message() << "\n";
  return 1;
}

// "2.5" (one decimal).
std::string oneDecimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

// Measures the run's rate and what is left of it.
class Progress {
 public:
  Progress() : start_(std::chrono::steady_clock::now()) {}

  double elapsedSeconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  // Images per second so far.
  double rate(std::int64_t done) const {
    const double elapsed = elapsedSeconds();
    return elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  }
  // "(2.1 images/s, 14s left)"
  std::string describe(std::int64_t done, std::int64_t total) const {
    const double perSecond = rate(done);
    const std::int64_t left = std::max<std::int64_t>(0, total - done);
    // One snprintf: GCC 12 at -O3 takes a chain of string + for an
    // overlapping memcpy (-Werror=restrict, a false positive).
    char text[96];
    if (perSecond > 0) {
      std::snprintf(text, sizeof text, "(%.1f images/s, %llds left)", perSecond,
                    static_cast<long long>(left / perSecond + 0.5));
    } else {
      std::snprintf(text, sizeof text, "(%.1f images/s, ? left)", perSecond);
    }
    return text;
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

int regenerate(const config::AppConfig& config, const std::vector<std::string>& args) {
  service::RegenerateSelection selection;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--dry-run") {
      selection.dryRun = true;
    } else if (arg == "--force") {
      selection.force = true;
    } else if ((arg == "--kind" || arg == "--user") && i + 1 < args.size()) {
      const std::string& value = args[++i];
      if (arg == "--user") {
        if (value.empty()) return usage("--user needs an id");
        selection.userId = value;
      } else {
        selection.kind = core::imageKindFromName(value);
        if (!selection.kind) return usage("--kind must be profile or cover, not '" + value + "'");
      }
    } else {
      return usage("regenerate: unexpected argument '" + arg + "'");
    }
  }

  auto database = db::Database::open(config.database);
  if (!database) return fail(database.status());
  if (core::Status schema = db::checkSchema(*database.value()); !schema.isOk()) return fail(schema);
  core::SystemClock clock;
  auto store = app::makeBlobStore(config, clock);
  if (!store) return fail(store.status());
  if (core::Status ready = image::initImageLibrary(config.images); !ready.isOk()) {
    return fail(ready);
  }
  // Its own scratch directory beside the server's (core/scratch_dir.h).
  auto scratch = core::ScratchDir::claim(config.upload.tempDir);
  if (!scratch) return fail(scratch.status());
  db::SqlUserRepository users(*database.value());
  image::VipsImageProcessor processor(config.images);
  service::RegeneratorOptions options;
  options.workDir = scratch.value()->path();
  options.deletionRetrySeconds = config.deletions.retrySeconds;
  // The server's static links follow each rebuilt image (same lock files).
  const auto links = avatars::staticLinksFor(config, users);
  options.published = links.get();
  // And the servers' answer caches forget what it changed (the shared
  // generation file in the data directory).
  const auto cache = avatars::answerCacheFor(config);
  std::optional<avatars::Invalidation> invalidation;
  if (cache) options.published = &invalidation.emplace(*cache, links.get());
  service::Regenerator regenerator(users, *store.value(), processor, clock, options);

  const Progress progress;
  bool announced = false;
  auto summary = regenerator.run(selection, [&](const service::ImageOutcome& outcome,
                                                const service::RegenerateSummary& counts) {
    if (!announced) {
      std::cout << "regenerate: " << counts.total << " image" << (counts.total == 1 ? "" : "s")
                << " to look at" << (selection.dryRun ? " (dry run: nothing changes)" : "") << "\n";
      announced = true;
    }
    std::cout << "[" << counts.done << "/" << std::max(counts.total, counts.done) << "] "
              << service::regenerateResultName(outcome.result) << " "
              << core::imageKindName(outcome.kind) << " " << outcome.userId << " "
              << outcome.storageKey
              << (outcome.result == service::RegenerateResult::kFailed
                      ? ": " + outcome.status.message()
                      : "")
              << " " << progress.describe(counts.done, counts.total) << std::endl;
  });
  if (!summary) return fail(summary.status());
  const service::RegenerateSummary& s = summary.value();
  std::cout << "regenerate: " << s.done << " of " << s.total << " image"
            << (s.total == 1 ? "" : "s") << " in " << oneDecimal(progress.elapsedSeconds())
            << " s (" << oneDecimal(progress.rate(s.done)) << " images/s): ";
  if (selection.dryRun) {
    std::cout << s.wouldRebuild << " would be rebuilt, " << s.upToDate << " up to date\n";
  } else {
    std::cout << s.rebuilt << " rebuilt, " << s.upToDate << " up to date, " << s.skipped
              << " skipped, " << s.failed << " failed\n";
  }
  image::shutdownImageLibrary();
  return s.failed == 0 ? 0 : 1;
}

}  // namespace userimg::cli
