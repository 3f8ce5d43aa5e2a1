target_sources(userimg_unit_tests PRIVATE
  db/batch_lookup_rows_test.cpp
  db/migrations_test.cpp
  db/pending_deletions_test.cpp
  db/placeholder_columns_test.cpp
  db/public_key_rows_test.cpp
  db/regeneration_rows_test.cpp
  db/replace_rows_test.cpp
  db/upload_window_rows_test.cpp
  db/user_repository_test_base.cpp
  db/variant_codec_test.cpp
  db/sqlite_user_repository_test.cpp
  db/mysql_user_repository_test.cpp
)
userimg_unit_test(db)

# The same repository tests on MariaDB, against the private server that the
# `mariadb` fixture starts. Without USERIMG_TEST_MYSQL_PORT the suite fails.
# The port is the harness's cache variable (tests/integration/CMakeLists.txt),
# which is also set on the command line when overridden.
set(USERIMG_TEST_MYSQL_PORT 33061)
if(DEFINED USERIMG_IT_MYSQL_PORT)
  set(USERIMG_TEST_MYSQL_PORT ${USERIMG_IT_MYSQL_PORT})
endif()
add_test(NAME unit.db_mysql COMMAND userimg_unit_tests db_mysql)
set_tests_properties(unit.db_mysql PROPERTIES
  FIXTURES_REQUIRED mariadb
  LABELS mysql
  TIMEOUT 300
  ENVIRONMENT "USERIMG_TEST_MYSQL_HOST=127.0.0.1;USERIMG_TEST_MYSQL_PORT=${USERIMG_TEST_MYSQL_PORT};USERIMG_TEST_MYSQL_USER=userimg;USERIMG_TEST_MYSQL_PASSWORD=userimg-test")
