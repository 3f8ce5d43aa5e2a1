#include "service/regenerator.h"

#include <algorithm>
#include <vector>

#include "core/log.h"
#include "core/temp_dir.h"
#include "storage/key_naming.h"

namespace userimg::service {

using core::Result;
using core::Status;

const char* regenerateResultName(RegenerateResult result) {
  switch (result) {
    case RegenerateResult::kRebuilt:
      return "rebuilt";
    case RegenerateResult::kWouldRebuild:
      return "would rebuild";
    case RegenerateResult::kUpToDate:
      return "up to date";
    case RegenerateResult::kSkipped:
      return "skipped";
    case RegenerateResult::kFailed:
      return "failed";
  }
  return "failed";
}

Regenerator::Regenerator(db::UserRepository& users, storage::BlobStore& store,
                         const image::ImageProcessor& processor, const core::Clock& clock,
                         RegeneratorOptions options)
    : users_(users),
      store_(store),
      processor_(processor),
      clock_(clock),
      options_(std::move(options)),
      objects_(users, store, clock,
               {options_.deletionRetrySeconds, options_.deletionLeaseSeconds}) {}

bool Regenerator::matchesPlan(const db::ImageRecord& image, const image::VariantPlan& plan) {
  if (image.placeholder.has_value() != plan.placeholder) return false;
  // As multisets: the order of the variants is not what an image has wrong.
  std::vector<image::PlannedVariant> have;
  have.reserve(image.variants.size());
  for (const db::VariantRecord& variant : image.variants) {
    have.push_back({variant.name, variant.format});
  }
  // The plan's siblings in the image's own format are its variants
  // themselves (a WebP image has no WebP siblings).
  const std::string own =
      image.contentType.rfind("image/", 0) == 0 ? image.contentType.substr(6) : "";
  std::vector<image::PlannedVariant> want;
  for (const image::PlannedVariant& planned : plan.variants) {
    if (planned.format.empty() || planned.format != own) want.push_back(planned);
  }
  const auto byNameAndFormat = [](const image::PlannedVariant& a, const image::PlannedVariant& b) {
    return a.name != b.name ? a.name < b.name : a.format < b.format;
  };
  std::sort(have.begin(), have.end(), byNameAndFormat);
  std::sort(want.begin(), want.end(), byNameAndFormat);
  return have == want;
}

ImageOutcome Regenerator::regenerate(const std::string& userId, core::ImageKind kind,
                                     const db::ImageRecord& image,
                                     const RegenerateSelection& selection) {
  ImageOutcome outcome{userId, kind, image.storageKey, RegenerateResult::kFailed, Status::ok()};
  const auto failed = [&](Status status) {
    outcome.status = std::move(status);
    return outcome;
  };
  if (!selection.force && matchesPlan(image, processor_.plan(kind))) {
    outcome.result = RegenerateResult::kUpToDate;
    return outcome;
  }
  if (selection.dryRun) {
    outcome.result = RegenerateResult::kWouldRebuild;
    return outcome;
  }

  auto work = core::ScopedTempDir::create(options_.workDir, "regen-");
  if (!work) return failed(work.status());
  const std::filesystem::path stored = work->path() / "stored";
  if (Status fetched = store_.fetch(image.storageKey, stored, options_.maxImageBytes);
      !fetched.isOk()) {
    return failed(fetched);
  }
  image::ProcessOptions options;
  options.fromStoredImage = true;
  if (kind == core::ImageKind::kProfile && image.squareSource) {
    const db::AreaRecord& area = *image.squareSource;
    options.crop = image::CropRect{area.x, area.y, area.width, area.height};
  }
  auto processed = processor_.process(kind, stored, work->path(), options);
  if (!processed) return failed(processed.status());

  int generation = 0;
  for (const db::VariantRecord& variant : image.variants) {
    generation = std::max(generation, storage::variantGeneration(variant.key));
  }
  auto variants =
      objects_.storeVariants(userId, kind, image.storageKey, processed.value(), generation + 1);
  if (!variants) return failed(variants.status());

  db::VariantsChange change{kind, image.storageKey, variants.value(),
                            placeholderRecordOf(processed.value())};
  auto replaced = users_.replaceVariants(userId, change, clock_.nowSeconds());
  if (!replaced || !replaced.value()) {
    // Nothing points at the new objects: take them back.
    objects_.discardVariants(variants.value());
    if (!replaced) return failed(replaced.status());
    outcome.result = RegenerateResult::kSkipped;
    return outcome;
  }
  // The record's key is not at hand: a read failure then leaves the old
  // links, which dangle once the old variants are gone (no copy: safe).
  if (options_.published != nullptr) options_.published->refresh(userId, "");
  objects_.removeReplaced(*replaced.value());
  outcome.result = RegenerateResult::kRebuilt;
  return outcome;
}

void Regenerator::regenerateUser(const db::UserRecord& user, const RegenerateSelection& selection,
                                 RegenerateSummary& summary, const Observer& observer) {
  for (const core::ImageKind kind : {core::ImageKind::kProfile, core::ImageKind::kCover}) {
    if (selection.kind && *selection.kind != kind) continue;
    const std::optional<db::ImageRecord>& image =
        kind == core::ImageKind::kProfile ? user.profile : user.cover;
    if (!image) continue;
    const ImageOutcome outcome = regenerate(user.id, kind, *image, selection);
    ++summary.done;
    switch (outcome.result) {
      case RegenerateResult::kRebuilt:
        ++summary.rebuilt;
        break;
      case RegenerateResult::kWouldRebuild:
        ++summary.wouldRebuild;
        break;
      case RegenerateResult::kUpToDate:
        ++summary.upToDate;
        break;
      case RegenerateResult::kSkipped:
        ++summary.skipped;
        break;
      case RegenerateResult::kFailed:
        ++summary.failed;
        core::log::warning("regenerating the " + std::string(core::imageKindName(kind)) +
                           " image of user " + user.id + " failed: " + outcome.status.toString());
        break;
    }
    if (observer) observer(outcome, summary);
  }
}

Result<RegenerateSummary> Regenerator::run(const RegenerateSelection& selection,
                                           const Observer& observer) {
  RegenerateSummary summary;
  if (selection.userId) {
    auto user = users_.findUser(*selection.userId);
    if (!user) return user.status();
    if (!user.value()) return summary;
    const db::UserRecord& record = *user.value();
    for (const core::ImageKind kind : {core::ImageKind::kProfile, core::ImageKind::kCover}) {
      const bool has =
          kind == core::ImageKind::kProfile ? record.profile.has_value() : record.cover.has_value();
      if (has && (!selection.kind || *selection.kind == kind)) ++summary.total;
    }
    regenerateUser(record, selection, summary, observer);
    return summary;
  }

  auto total = users_.countImages(selection.kind);
  if (!total) return total.status();
  summary.total = total.value();
  std::string after;
  for (;;) {
    auto page = users_.usersWithImagesAfter(after, options_.pageSize);
    if (!page) return page.status();
    for (const std::string& id : page.value()) {
      auto user = users_.findUser(id);
      if (!user) return user.status();
      if (user.value()) regenerateUser(*user.value(), selection, summary, observer);
    }
    if (static_cast<int>(page->size()) < options_.pageSize) return summary;
    after = page->back();
  }
}

}  // namespace userimg::service
