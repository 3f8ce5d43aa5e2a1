#include "image/vips_support.h"

#include "core/log.h"

namespace userimg::image::detail {

std::string takeVipsError() {
  // vips_error_buffer_copy() copies and clears under libvips' lock, where
  // vips_error_buffer() + vips_error_clear() would race with other threads.
  BufferPtr text(vips_error_buffer_copy());
  std::string message = text ? static_cast<const char*>(text.get()) : "";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return message;
}

core::Status vipsFailure(std::string_view what, core::Status status) {
  std::string line = "image: ";
  line += what;
  line += ": ";
  line += status.message();
  if (const std::string vips = takeVipsError(); !vips.empty()) line += " (libvips: " + vips + ")";
  // A bad upload is the client's problem (info); anything else is ours.
  if (status.code() == core::StatusCode::kInvalidImage) {
    core::log::info(line);
  } else {
    core::log::warning(line);
  }
  return status;
}

}  // namespace userimg::image::detail
