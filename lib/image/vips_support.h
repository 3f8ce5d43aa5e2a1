#pragma once
// Internal to lib/image: ownership of libvips objects and the capture of its
// error text. Nothing outside lib/image includes this header.

#include <vips/vips.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace userimg::image::detail {

struct GObjectUnref {
  void operator()(gpointer object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
struct GFree {
  void operator()(void* memory) const { g_free(memory); }
};

// Owning handles: each holds one reference.
using ImagePtr = std::unique_ptr<VipsImage, GObjectUnref>;
using SourcePtr = std::unique_ptr<VipsSource, GObjectUnref>;
using BufferPtr = std::unique_ptr<void, GFree>;

// Bytes produced by a libvips saver.
struct Buffer {
  BufferPtr data;
  std::size_t size = 0;
  const unsigned char* bytes() const { return static_cast<const unsigned char*>(data.get()); }
};

// Takes (copies and clears) libvips' error text. In libvips 8.14 the error
// buffer is one per process, shared by all threads, so the text may include
// another thread's errors: it is for logs, never for the client.
std::string takeVipsError();

// Logs the libvips error text, tagged with `what` (at info for kInvalidImage,
// the client's doing; at warning otherwise), and returns `status`.
core::Status vipsFailure(std::string_view what, core::Status status);

}  // namespace userimg::image::detail
