#pragma once
// [public] and [lookup]: the public image URLs and the batch lookup
// (issue 14, lib/avatars/). Filled by config::loadConfig (readPublicImages
// below); every default is the documented one (conf/userimg.ini).

#include <cstdint>
#include <string>

namespace userimg::config {

namespace detail {
class SettingReader;
}

// [public]: GET /avatars/<key>, GET /covers/<key> and each user's key.
struct PublicConfig {
  // false: the public routes answer 404, POST /users/me/public-key too, and
  // no JSON answer names a public URL. Default true.
  bool enabled = true;
  // Cache-Control max-age of every public answer, in seconds (0..31536000).
  // Default 300.
  int maxAge = 300;
  // How long the app may answer a public URL from memory (0..60000 ms; 0: it
  // reads the database every time), for changes made on other hosts: on
  // this host every change is seen at once (avatars/answer_cache.h).
  // Default 1000.
  int cacheMs = 1000;
};

// [lookup]: POST /api/users/images/lookup, for the site's backend.
struct LookupConfig {
  // The HMAC secret of lookup tokens (scope "userimg:lookup"); "" (the
  // default): they are signed with [jwt] secret, like user tokens. At least
  // 16 characters when set.
  std::string secret;
};

// Reads [public] and [lookup] (USERIMG_PUBLIC_*, USERIMG_LOOKUP_SECRET
// override them like every setting). A bad value fails `in`.
void readPublicImages(detail::SettingReader& in, PublicConfig& publicImages, LookupConfig& lookup);

}  // namespace userimg::config
