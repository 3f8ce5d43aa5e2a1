#include <cppunit/extensions/HelperMacros.h>

#include "db/migrations.h"

namespace userimg::db {
namespace {

class MigrationsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MigrationsTest);
  CPPUNIT_TEST(testSplitsOnSemicolonAtLineEnd);
  CPPUNIT_TEST(testDropsCommentsAndEmptyStatements);
  CPPUNIT_TEST(testEmbedsTheSameVersionsForBothDialects);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSplitsOnSemicolonAtLineEnd() {
    const auto statements = splitSqlStatements(
        "CREATE TABLE a (\n  x INT -- not; the end\n);\nINSERT INTO a VALUES (1); \n"
        "SELECT ';' FROM a");
    CPPUNIT_ASSERT_EQUAL(std::size_t(3), statements.size());
    CPPUNIT_ASSERT_EQUAL(std::string("CREATE TABLE a (\n  x INT -- not; the end\n)"),
                         statements[0]);
    CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO a VALUES (1)"), statements[1]);
    CPPUNIT_ASSERT_EQUAL(std::string("SELECT ';' FROM a"), statements[2]);
  }

  void testDropsCommentsAndEmptyStatements() {
    const auto statements = splitSqlStatements("-- header;\n\n  -- more;\n;\nSELECT 1;\n\n");
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), statements.size());
    CPPUNIT_ASSERT_EQUAL(std::string("SELECT 1"), statements[0]);
  }

  void testEmbedsTheSameVersionsForBothDialects() {
    const auto sqlite = embeddedMigrations(Dialect::kSqlite);
    const auto mysql = embeddedMigrations(Dialect::kMysql);
    CPPUNIT_ASSERT(!sqlite.empty());
    CPPUNIT_ASSERT_EQUAL(sqlite.size(), mysql.size());
    for (std::size_t i = 0; i < sqlite.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(static_cast<int>(i + 1), sqlite[i].version);
      CPPUNIT_ASSERT_EQUAL(sqlite[i].version, mysql[i].version);
      CPPUNIT_ASSERT_EQUAL(sqlite[i].name, mysql[i].name);
      CPPUNIT_ASSERT(!splitSqlStatements(sqlite[i].sql).empty());
      CPPUNIT_ASSERT(!splitSqlStatements(mysql[i].sql).empty());
    }
    // Version 1 creates the tables; later ones change them.
    CPPUNIT_ASSERT(sqlite[0].sql.find("CREATE TABLE") != std::string_view::npos);
    CPPUNIT_ASSERT(mysql[0].sql.find("CREATE TABLE") != std::string_view::npos);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MigrationsTest, "db");

}  // namespace
}  // namespace userimg::db
