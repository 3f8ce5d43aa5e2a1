# The FastCGI server's worker pool (fcgi-app/fcgi_server.h) against a
# FastCGI client of the suite's own, on a unix socket in a temp directory.
# When its workers trim the heap (fcgi-app/heap_trim.h), and the allocator
# settings (fcgi-app/heap_settings.h).
target_sources(userimg_unit_tests PRIVATE
  fcgi/fcgi_client.cpp
  support/fcgi_wire.cpp
  fcgi/fcgi_server_test.cpp
  fcgi/heap_settings_test.cpp
  fcgi/heap_trim_test.cpp
)
target_link_libraries(userimg_unit_tests PRIVATE userimg_fcgi_server)
userimg_unit_test(fcgi)
