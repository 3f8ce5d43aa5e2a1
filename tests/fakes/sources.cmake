# Test doubles shared by the suites (no suite of their own).
target_sources(userimg_unit_tests PRIVATE
  fakes/fake_image_processor.cpp
  fakes/fake_user_repository.cpp
  fakes/faulty_blob_store.cpp
  fakes/memory_blob_store.cpp
)
