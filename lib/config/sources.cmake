target_sources(userimg PRIVATE
  config/config_file.cpp
  config/loader.cpp
  config/public_config.cpp
  config/setting_reader.cpp
)
