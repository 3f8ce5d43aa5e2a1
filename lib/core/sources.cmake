target_sources(userimg PRIVATE
  core/clock.cpp
  core/failpoint.cpp
  core/fd.cpp
  core/image_kind.cpp
  core/json_string.cpp
  core/log.cpp
  core/log_line.cpp
  core/scratch_dir.cpp
  core/status.cpp
  core/temp_dir.cpp
  core/turn_gate.cpp
)
