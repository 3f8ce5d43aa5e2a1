target_sources(userimg PRIVATE
  service/deletion_sweeper.cpp
  service/garbage_collector.cpp
  service/image_objects.cpp
  service/image_service.cpp
  service/regenerator.cpp
  service/sweeper_thread.cpp
)
