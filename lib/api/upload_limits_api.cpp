#include "api/upload_limits_api.h"

#include "api/request_support.h"
#include "http/error_mapping.h"
#include "http/json_writer.h"

namespace userimg::api {
namespace {

// What image/sniff.h recognises: the formats the pipeline decodes. HEIF
// and AVIF (one container) only when libvips was built with libheif; the
// server's own message says so when it is not.
constexpr const char* kTypes[] = {"image/jpeg", "image/png",  "image/gif",
                                  "image/webp", "image/heic", "image/avif"};

}  // namespace

void addUploadLimitsRoute(http::Router& router, const ApiContext& context,
                          const config::ImagesConfig& images) {
  const std::int64_t maxBytes = context.formLimits.maxBodyBytes;
  const int maxWidth = images.maxWidth;
  const int maxHeight = images.maxHeight;
  const int maxMegapixels = images.maxMegapixels;
  router.add(
      "GET", kUploadLimitsPath,
      [&context, maxBytes, maxWidth, maxHeight, maxMegapixels](const http::Request& request) {
        auto principal = authenticate(context, request);
        if (!principal) return http::errorResponse(http::ErrorShape::kError, principal.status());
        http::JsonWriter json;
        json.beginObject().field("max_bytes", maxBytes).key("types").beginArray();
        for (const char* type : kTypes) json.value(type);
        json.endArray()
            .field("max_width", maxWidth)
            .field("max_height", maxHeight)
            .field("max_megapixels", maxMegapixels)
            .endObject();
        return http::Response::json(200, std::move(json).take());
      });
}

}  // namespace userimg::api
