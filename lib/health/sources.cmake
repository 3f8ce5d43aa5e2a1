target_sources(userimg PRIVATE
  health/checks.cpp
  health/health_routes.cpp
  health/readiness.cpp
)
