#pragma once
// The web server's half of the public images' fast path (issue 14): which
// static link (avatars/static_links.h) answers /avatars/<key>?s=N and
// /covers/<key>?w=N, as nginx maps generated from userimg.ini. `userimgctl
// public-conf nginx` prints the file, installed as
// /etc/nginx/conf.d/userimg-public.conf (conf/nginx/userimg-public-map.conf
// is the one for the shipped defaults); conf/nginx/userimg-locations.conf's
// public locations read it:
//
//   $userimg_avatar_link / $userimg_cover_link  the link's name ("128",
//       "640w", "image" without s / w), or "" when the app must answer
//       (a value the app refuses, a method other than GET or HEAD);
//   $userimg_public_cache_control               "public, max-age=<[public] max_age>";
//   $userimg_public_static                      1 when the app keeps static
//       links (local storage, [public] enabled), else 0: nginx then looks
//       for no file and passes the request to the app at once.
//
// The size chosen is the app's (avatars/size_choice.h): the smallest
// configured size at least N, the largest above them all; N as the app
// reads it (1 to kMaxRequestedSize, at most 6 digits, leading zeros
// allowed). Pure functions.

#include <string>
#include <vector>

#include "config/config.h"

namespace userimg::avatars {

// A regular expression (no anchors, no capture) that matches exactly the
// decimal spellings of lo..hi without leading zeros (1 <= lo <= hi).
std::string decimalRangePattern(int lo, int hi);

// The nginx conf.d file for `config`; `source` names the ini (a comment).
std::string nginxPublicConf(const config::AppConfig& config, const std::string& source);

}  // namespace userimg::avatars
