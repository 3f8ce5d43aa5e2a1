target_sources(userimg PRIVATE
  metrics/events.cpp
  metrics/metrics.cpp
  metrics/metrics_route.cpp
  metrics/process_collector.cpp
)
