target_sources(userimg PRIVATE
  app/application.cpp
)
