target_sources(userimg PRIVATE
  service/deletion_sweeper.cpp
  service/garbage_collector.cpp
  service/image_service.cpp
  service/sweeper_thread.cpp
)
