target_sources(userimg PRIVATE
  observe/request_notes.cpp
)
