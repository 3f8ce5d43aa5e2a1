#include "config/public_config.h"

#include "config/setting_reader.h"

namespace userimg::config {

void readPublicImages(detail::SettingReader& in, PublicConfig& publicImages, LookupConfig& lookup) {
  publicImages.enabled = in.boolean("public.enabled", publicImages.enabled);
  publicImages.maxAge =
      static_cast<int>(in.integer("public.max_age", publicImages.maxAge, 0, 31536000));
  publicImages.cacheMs =
      static_cast<int>(in.integer("public.cache_ms", publicImages.cacheMs, 0, 60000));
  lookup.secret = in.secret("lookup.secret");
  if (!lookup.secret.empty() && lookup.secret.size() < 16) {
    in.fail("lookup.secret", "must be at least 16 characters");
  }
}

}  // namespace userimg::config
