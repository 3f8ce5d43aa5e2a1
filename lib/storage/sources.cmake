target_sources(userimg PRIVATE
)
