target_sources(userimg PRIVATE
  service/image_service.cpp
)
