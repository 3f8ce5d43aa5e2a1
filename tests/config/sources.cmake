target_sources(userimg_unit_tests PRIVATE
  config/cloudinary_config_loader_test.cpp
  config/config_file_test.cpp
  config/images_config_loader_test.cpp
  config/loader_test.cpp
  config/public_config_loader_test.cpp
  config/upload_config_loader_test.cpp
)
# The shipped conf/userimg.ini is loaded by three tests.
set_property(SOURCE config/cloudinary_config_loader_test.cpp config/images_config_loader_test.cpp
  config/upload_config_loader_test.cpp
  APPEND PROPERTY
  COMPILE_DEFINITIONS "USERIMG_SOURCE_DIR=\"${PROJECT_SOURCE_DIR}\"")
userimg_unit_test(config)
userimg_unit_test(config_cloudinary)
