#pragma once
// Removing metadata from an encoded WebP file: its EXIF, XMP and ICCP
// chunks, and their flags in the VP8X header. libvips 8.14.1's webpsave
// ignores "strip" and always writes an EXIF chunk (resolution and
// orientation, and whatever EXIF the image carried: GPS included), so every
// WebP userimg encodes goes through here. Plain C++ over bytes, no libvips.

#include <cstddef>

namespace userimg::image {

// Drops the metadata chunks of the RIFF WebP file in data[0, size), moving
// the chunks after them down, fixes the RIFF size and the VP8X flags, and
// returns the new size. A file that is not a well-formed WebP container is
// left as it is (its size returned): the encoder's output always is one.
std::size_t stripWebpMetadata(unsigned char* data, std::size_t size);

}  // namespace userimg::image
