target_sources(userimg PRIVATE
  image/attention.cpp
  image/box_shrink.cpp
  image/image_library.cpp
  image/image_limits.cpp
  image/orc_guard.cpp
  image/placeholder/blurhash.cpp
  image/placeholder/dominant_color.cpp
  image/placeholder/placeholder.cpp
  image/sniff.cpp
  image/vips_decode.cpp
  image/vips_decode_jpeg.cpp
  image/vips_encode.cpp
  image/vips_image_processor.cpp
  image/vips_support.cpp
  image/vips_variants.cpp
  image/work_files.cpp
)
