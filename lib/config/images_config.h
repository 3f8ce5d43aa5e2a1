#pragma once
// ImagesConfig: the [images] section of conf/userimg.ini, the limits and
// sizes of the image pipeline (lib/image/). Defaults here are the documented
// defaults; config/loader.cpp fills and checks it.

#include <vector>

namespace userimg::config {

// A format each variant is also stored in, beside it ("siblings").
enum class SiblingFormat { kWebp, kAvif };

// [images]
struct ImagesConfig {
  // max_width / max_height: largest accepted width and height of an upload,
  // in pixels (of one frame, as displayed after EXIF rotation). Default 20000.
  int maxWidth = 20000;
  int maxHeight = 20000;
  // max_megapixels: largest accepted width x height of one frame, in
  // millions of pixels. Default 50.
  int maxMegapixels = 50;
  // max_frames: most frames accepted in an animated GIF or WebP. Default 100.
  int maxFrames = 100;
  // profile_max_side: a stored profile image's longest side, in pixels;
  // larger uploads are shrunk, smaller ones are never enlarged. Default 1024.
  int profileMaxSide = 1024;
  // cover_max_width: a stored cover image's width, in pixels; larger uploads
  // are shrunk, smaller ones are never enlarged. Default 2560.
  int coverMaxWidth = 2560;
  // jpeg_quality: quality of the JPEG (and lossy WebP) encoder, 1-100.
  // Default 85.
  int jpegQuality = 85;
  // keep_jpeg: a JPEG upload that is already what would be stored (within
  // the size bound, upright, 8-bit grey or colour without an ICC profile,
  // Huffman-coded, its quantisation tables no finer than jpeg_quality's) is
  // stored as its own compressed data with every metadata segment and
  // whatever follows the image left out (image/jpeg_keep.h), instead of
  // being decoded and encoded again: no generation loss, and the encode,
  // the largest cost of a small upload, is saved. false: every upload is
  // encoded again. Default true.
  bool keepJpeg = true;
  // profile_variants: "64,128,256": the sides of the square variants cut from
  // each profile image (attention crop). Empty: none.
  std::vector<int> profileVariants = {64, 128, 256};
  // cover_variants: "640": the widths of the variants of each cover image
  // (never wider than the stored cover). Empty: none.
  std::vector<int> coverVariants = {640};
  // animated: an animated GIF or WebP upload is stored with all its frames;
  // false: only its first frame is stored. Default true.
  bool animated = true;
  // animated_variants: the variants of an animated image are animated too
  // (every frame resized and re-quantised: about a second per variant for a
  // 20-frame GIF); false: they are its first frame. Default false.
  bool animatedVariants = false;
  // placeholders: each stored image gets a placeholder, computed at upload
  // from its pixels (image/placeholder/placeholder.h: a BlurHash and the
  // dominant colour, about 0.2 ms) and returned as its "placeholder";
  // false: none is computed (new images answer "placeholder": null).
  // Default true.
  bool placeholders = true;
  // sibling_formats: "webp": each still variant is also stored in these
  // formats, at the same size, beside it, and listed as "variants_webp"
  // (or "variants_avif"). "webp", "avif", both, or empty for none. An image
  // stored as WebP already lists its own variants there. Default webp.
  std::vector<SiblingFormat> siblingFormats = {SiblingFormat::kWebp};
  // sibling_main: the stored image itself gets siblings too, listed as
  // "full" among them. Default false.
  bool siblingMain = false;
  // webp_quality: quality of the WebP siblings, 1-100. Default 80 (on
  // photographs the SSIM of jpeg_quality 85 for about a quarter fewer
  // bytes: bench/README.md).
  int webpQuality = 80;
  // webp_effort: how hard the WebP encoder of the siblings works, 0-6.
  // Default 2: half the time of libvips' default 4 for about 2 % more bytes
  // (bench/README.md).
  int webpEffort = 2;
  // avif_quality: quality of the AVIF siblings, 1-100. Default 50.
  int avifQuality = 50;
  // concurrency: most images processed at once by the process; further
  // uploads wait their turn. 0 means the number of cores. Default 0.
  int concurrency = 0;
  // queue: most uploads waiting for one of those turns; one more is
  // answered at once with 503 and Retry-After instead of waiting without
  // limit (holding a worker thread and its spooled body). 0: none waits.
  // Default 16.
  int queue = 16;
  // vips_threads: worker threads libvips uses for one image. Default 1, so
  // that `concurrency` images at once keep every core busy without
  // oversubscribing it.
  int vipsThreads = 1;
};

}  // namespace userimg::config
