find_package(ZLIB REQUIRED)
target_sources(userimg_unit_tests PRIVATE
  image/attention_test.cpp
  image/box_shrink_test.cpp
  image/crop_test.cpp
  image/image_fixtures.cpp
  image/image_limits_test.cpp
  image/jpeg_keep_test.cpp
  image/jpeg_still_test.cpp
  image/lanczos_reduce_test.cpp
  image/placeholder/blurhash_test.cpp
  image/placeholder/dominant_color_test.cpp
  image/placeholder/placeholder_test.cpp
  image/processor_fixture.cpp
  image/sniff_test.cpp
  image/vips_crop_test.cpp
  image/vips_decode_jpeg_test.cpp
  image/vips_image_processor_keep_test.cpp
  image/vips_image_processor_placeholder_test.cpp
  image/vips_image_processor_stored_test.cpp
  image/vips_image_processor_test.cpp
  image/vips_resize_test.cpp
  image/vips_siblings_test.cpp
  image/vips_variants_test.cpp
  image/webp_metadata_test.cpp
  image/webp_still_test.cpp
)
# The fixtures craft PNG chunks (CRC, deflate) by hand.
target_link_libraries(userimg_unit_tests PRIVATE ZLIB::ZLIB)
userimg_unit_test(image)
userimg_unit_test(image_pixels)
# The BlurHash reference images (tests/image/placeholder/data/README.md).
set_property(SOURCE image/placeholder/blurhash_test.cpp APPEND PROPERTY
  COMPILE_DEFINITIONS "USERIMG_PLACEHOLDER_DATA=\"${CMAKE_CURRENT_SOURCE_DIR}/image/placeholder/data\"")
userimg_unit_test(image_placeholder)
