#pragma once
// The web servers' copy of [http] cors_origins, for the one kind of answer
// the app cannot give: the web server's own error pages (413 before the app
// sees a body, 502/503/504 while the app is down). `userimgctl cors-conf
// nginx|apache` prints these files from userimg.ini; the app's list stays
// the only one anyone edits (README: "Calling the API from another origin").
//
//   nginx:  the http{}-level maps that conf/nginx/userimg-locations.conf's
//           error locations read: $userimg_cors_origin (the request's
//           Origin when listed, else "") and $userimg_cors_vary ("Origin" or
//           ""); installed as /etc/nginx/conf.d/userimg-cors.conf.
//   Apache: `Define USERIMG_CORS_ORIGINS <regex>`, read by
//           conf/apache/userimg-common.conf (IncludeOptional
//           conf-available/userimg-cors.conf).
// An empty list renders files that match no origin. Pure functions.

#include <string>
#include <vector>

namespace userimg::cors {

// An anchored regular expression matching exactly the listed origins
// (already checked by checkOrigin): "^(?:https://a\.example|http://b:8080)$";
// one that matches nothing when the list is empty.
std::string originsRegex(const std::vector<std::string>& origins);

// The nginx conf.d file. `source` names where the list came from (a comment).
std::string nginxCorsConf(const std::vector<std::string>& origins, const std::string& source);

// The Apache conf-available file.
std::string apacheCorsConf(const std::vector<std::string>& origins, const std::string& source);

}  // namespace userimg::cors
