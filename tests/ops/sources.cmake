target_sources(userimg_unit_tests PRIVATE
  ops/checks_test.cpp
  ops/unix_access_test.cpp
)
userimg_unit_test(ops)
