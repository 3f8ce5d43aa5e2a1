target_sources(userimg PRIVATE
  observe/access_log.cpp
  observe/request_id.cpp
  observe/request_notes.cpp
)
