target_sources(userimg PRIVATE
  ops/checks.cpp
  ops/unix_access.cpp
)
