target_sources(userimg PRIVATE
  multipart/boundary.cpp
  multipart/capped_streambuf.cpp
  multipart/form_parser.cpp
  multipart/parsed_form.cpp
  multipart/spool.cpp
)
