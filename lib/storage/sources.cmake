target_sources(userimg PRIVATE
  storage/key_naming.cpp
  storage/local/local_blob_store.cpp
)
