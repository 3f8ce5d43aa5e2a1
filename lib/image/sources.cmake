target_sources(userimg PRIVATE
  image/image_library.cpp
  image/image_limits.cpp
  image/orc_guard.cpp
  image/placeholder/blurhash.cpp
  image/placeholder/dominant_color.cpp
  image/sniff.cpp
  image/vips_decode.cpp
  image/vips_encode.cpp
  image/vips_image_processor.cpp
  image/vips_support.cpp
  image/work_files.cpp
)
