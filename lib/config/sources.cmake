target_sources(userimg PRIVATE
  config/loader.cpp
)
