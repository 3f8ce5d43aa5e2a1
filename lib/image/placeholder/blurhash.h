#pragma once
// BlurHash: a 6-166 character string from which a client paints a blurred
// stand-in for an image while the image loads (https://blurha.sh; the
// algorithm is woltapp/blurhash's Algorithm.md). It keeps the first
// componentsX x componentsY terms of a DCT of the image in linear light:
// the first (DC) term is the average colour, stored exactly as sRGB, the
// others are quantised to 19 levels a channel and written in base 83.
//
// Why BlurHash and not ThumbHash: ThumbHash keeps a little more detail, the
// aspect ratio and alpha, but what matters for a placeholder is that every
// client can paint it. BlurHash has maintained decoders for every platform
// our users have: the web (the `blurhash` npm package, react-blurhash), iOS
// (BlurHashKit), Android (Kotlin), React Native (react-native-blurhash,
// expo-image) and Flutter (flutter_blurhash); and Mastodon's API already
// returns a `blurhash` with every media attachment, so clients of the
// fediverse decode it today.
//
// Pure functions over pixels in memory: thread-safe (the conversion tables
// are built once, on first use, under C++'s static-initialisation guard), no
// libvips. Meant for tiny thumbnails: encoding costs width x height x
// componentsX multiply-adds a channel: under 0.1 ms for 64x64 at 4x3 (-O2).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "image/pixel_view.h"

namespace userimg::image::placeholder {

// The pixels read: image/pixel_view.h, shared with the attention crop.
using PixelView = image::PixelView;

// OK when `pixels` describes at least one pixel with 1-4 channels, a
// stride that holds a row and non-null data; otherwise kInvalidArgument
// saying what is wrong. Whether `data` really holds the rows is the caller's
// promise: it cannot be checked.
core::Status checkPixelView(const PixelView& pixels);

// Components a BlurHash may have along each axis.
inline constexpr int kMinComponents = 1;
inline constexpr int kMaxComponents = 9;

// The BlurHash of `pixels` with `componentsX` x `componentsY` components
// (each 1-9; more along the longer side: 4x3 for 4:3 landscape, 4x4 for a
// square), 4 + 2 x componentsX x componentsY characters long.
//
// Alpha: pixels with alpha are composited onto white first, in sRGB, as
// lib/image/vips_encode.cpp flattens JPEG output (vips_flatten), so the
// placeholder shows what the stored JPEG shows; a BlurHash is opaque, and
// clients paint it with no page behind it. (The reference encoders ignore
// alpha, leaving whatever colour a transparent pixel happens to have; their
// Swift one composites onto black.) Fully transparent images give plain white.
//
// Fails with kInvalidArgument when a component count is outside 1-9 or
// checkPixelView fails; never reads outside the view.
core::Result<std::string> blurhashEncode(const PixelView& pixels, int componentsX, int componentsY);

// Sides blurhashDecode paints: placeholders are decoded at 20-32 pixels and
// scaled up by the client; 1024 caps the result at 3 MB.
inline constexpr int kMaxDecodeSide = 1024;

// `hash` painted as `width` x `height` RGB pixels: width x height x 3 bytes,
// row-major, no padding. Fails with kInvalidArgument when a side is outside
// 1-kMaxDecodeSide, or when `hash` is not a BlurHash: a character outside the
// base-83 alphabet, a length that is not the one its first character
// announces, or a DC or AC value beyond the range an encoder writes (the
// reference decoders accept those and paint garbage; this one refuses them).
core::Result<std::vector<std::uint8_t>> blurhashDecode(std::string_view hash, int width,
                                                       int height);

// The base-83 digits of BlurHash (0-9, A-Z, a-z, then #$%*+,-.:;=?@[]^_{|}~),
// most significant first: `digits` characters (clamped to 1-4) for `value`
// modulo 83^digits. Exposed for tests and tools.
std::string base83Encode(std::uint32_t value, int digits);

// The value of base-83 `digits`; -1 when `digits` is empty, longer than 4
// characters, or holds a character outside the alphabet.
std::int32_t base83Decode(std::string_view digits);

}  // namespace userimg::image::placeholder
