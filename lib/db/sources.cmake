target_sources(userimg PRIVATE
  db/database.cpp
  db/deletion_queue.cpp
  db/deletion_rows.cpp
  db/sql_pending_deletions.cpp
  db/image_rows.cpp
  db/migrations.cpp
  db/migrator.cpp
  db/mysql/mysql_lookup_connection.cpp
  db/mysql/mysql_transaction.cpp
  db/poco_errors.cpp
  db/sql_key_index.cpp
  db/sql_public_key_repository.cpp
  db/sql_upload_counter.cpp
  db/sql_user_repository.cpp
  db/transaction_scope.cpp
  db/user_repository.cpp
  db/sqlite/sqlite_lookup_connection.cpp
  db/user_lookup.cpp
  db/variant_codec.cpp
)

# The migrations in sql/ are compiled into the library (see
# cmake/EmbedSql.cmake). List new files here, in order, for both dialects.
include(${PROJECT_SOURCE_DIR}/cmake/EmbedSql.cmake)
userimg_embed_sql(
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/db/migrations_data.cpp
  SQLITE
    ${PROJECT_SOURCE_DIR}/sql/sqlite/001_init.sql
    ${PROJECT_SOURCE_DIR}/sql/sqlite/002_placeholders.sql
    ${PROJECT_SOURCE_DIR}/sql/sqlite/003_square_source.sql
    ${PROJECT_SOURCE_DIR}/sql/sqlite/004_public_keys.sql
    ${PROJECT_SOURCE_DIR}/sql/sqlite/005_upload_windows.sql
  MYSQL
    ${PROJECT_SOURCE_DIR}/sql/mysql/001_init.sql
    ${PROJECT_SOURCE_DIR}/sql/mysql/002_placeholders.sql
    ${PROJECT_SOURCE_DIR}/sql/mysql/003_square_source.sql
    ${PROJECT_SOURCE_DIR}/sql/mysql/004_public_keys.sql
    ${PROJECT_SOURCE_DIR}/sql/mysql/005_upload_windows.sql
)
target_sources(userimg PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/db/migrations_data.cpp)
