target_sources(userimg_unit_tests PRIVATE
  core/failpoint_test.cpp
  core/image_kind_test.cpp
  core/log_line_test.cpp
  core/log_test.cpp
  core/result_test.cpp
  core/scratch_dir_test.cpp
  core/status_test.cpp
  core/temp_dir_test.cpp
  core/turn_gate_test.cpp
)
userimg_unit_test(core)
