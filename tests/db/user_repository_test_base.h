#pragma once
// The behaviours of SqlUserRepository and the migrator, written once and run
// against each backend: a subclass supplies a fresh, empty database per test
// (sqlite_user_repository_test.cpp: suite "db"; mysql_user_repository_test.cpp:
// suite "db_mysql") and registers itself with CPPUNIT_TEST_SUB_SUITE.

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

#include "db/database.h"
#include "db/sql_user_repository.h"

namespace userimg::db {

class UserRepositoryTestBase : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UserRepositoryTestBase);
  CPPUNIT_TEST(testMigratesFromEmptyAndIsIdempotent);
  CPPUNIT_TEST(testCheckSchemaRefusesUnmigratedDatabase);
  CPPUNIT_TEST(testCheckSchemaRefusesNewerDatabase);
  CPPUNIT_TEST(testEnsureUserCreatesUser);
  CPPUNIT_TEST(testEnsureUserUpdatesEmailAndKeepsOtherFields);
  CPPUNIT_TEST(testEnsureUserWithoutCreateIsNotFound);
  CPPUNIT_TEST(testConcurrentProvisioningCreatesOneUser);
  CPPUNIT_TEST(testFirstReplaceImageQueuesNoDeletion);
  CPPUNIT_TEST(testSecondReplaceImageQueuesPreviousKey);
  CPPUNIT_TEST(testReplaceImageWithSameKeyQueuesNoDeletion);
  CPPUNIT_TEST(testReplaceImageOfUnknownUserWritesNothing);
  CPPUNIT_TEST(testReplaceOverwritesEveryColumnOfTheImage);
  CPPUNIT_TEST(testImagesOfEachKindAreIndependent);
  CPPUNIT_TEST(testClearImageWithMatchingKeyRemovesIt);
  CPPUNIT_TEST(testReplaceQueuesEachOldObjectUnderItsOwnId);
  CPPUNIT_TEST(testClearImageWithStaleKeyChangesNothing);
  CPPUNIT_TEST(testRestoreImageUndoesAClearUnlessReplaced);
  CPPUNIT_TEST(testPendingDeletionsDueDeferComplete);
  CPPUNIT_TEST(testClaimTakesADeletionOnce);
  CPPUNIT_TEST(testConcurrentClaimsTakeEachDeletionOnce);
  CPPUNIT_TEST(testClaimsAndCompletesSeveralDeletionsAtOnce);
  CPPUNIT_TEST(testConcurrentReplacementsQueueEveryReplacedKeyOnce);
  CPPUNIT_TEST(testInjectionLookingIdIsStoredLiterally);
  CPPUNIT_TEST(testRejectsOverlongValues);
  CPPUNIT_TEST(testReadsSeeWritesOfOtherConnections);
  CPPUNIT_TEST(testReadsReturnVariantsAndLongValues);
  CPPUNIT_TEST(testReadOfUnmigratedDatabaseIsUnavailable);
  CPPUNIT_TEST(testConcurrentReplacementsOfManyUsersAllSucceed);
  CPPUNIT_TEST(testPlaceholdersRoundTrip);
  CPPUNIT_TEST(testRejectsInvalidPlaceholders);
  CPPUNIT_TEST(testMigratesVersion1DatabaseKeepingItsImages);
  CPPUNIT_TEST(testSquareSourceRoundTrips);
  CPPUNIT_TEST(testReplaceVariantsSwapsVariantsAndQueuesTheOldOnes);
  CPPUNIT_TEST(testReplaceVariantsOfAReplacedImageChangesNothing);
  CPPUNIT_TEST(testUsersWithImagesArePagedInIdOrder);
  CPPUNIT_TEST(testNewUsersGetDistinctPublicKeys);
  CPPUNIT_TEST(testPublicKeyNamesItsUserUntilRotated);
  CPPUNIT_TEST(testMigrationGivesExistingUsersPublicKeys);
  CPPUNIT_TEST(testFindUsersAnswersEachIdInOrder);
  CPPUNIT_TEST(testLookupsMatchIdsAndKeysExactly);
  CPPUNIT_TEST(testUploadCounterCountsPerUserAndWindow);
  CPPUNIT_TEST(testConcurrentUploadCountsAreDistinct);
  CPPUNIT_TEST_SUITE_END_ABSTRACT();

 public:
  void setUp() override;
  void tearDown() override;

  void testMigratesFromEmptyAndIsIdempotent();
  void testCheckSchemaRefusesUnmigratedDatabase();
  void testCheckSchemaRefusesNewerDatabase();
  void testEnsureUserCreatesUser();
  void testEnsureUserUpdatesEmailAndKeepsOtherFields();
  void testEnsureUserWithoutCreateIsNotFound();
  void testConcurrentProvisioningCreatesOneUser();
  void testFirstReplaceImageQueuesNoDeletion();
  void testSecondReplaceImageQueuesPreviousKey();
  void testReplaceImageWithSameKeyQueuesNoDeletion();
  void testReplaceImageOfUnknownUserWritesNothing();
  void testReplaceOverwritesEveryColumnOfTheImage();  // replace_rows_test.cpp
  void testImagesOfEachKindAreIndependent();
  void testClearImageWithMatchingKeyRemovesIt();
  void testReplaceQueuesEachOldObjectUnderItsOwnId();
  void testClearImageWithStaleKeyChangesNothing();
  void testRestoreImageUndoesAClearUnlessReplaced();
  // pending_deletions_test.cpp
  void testPendingDeletionsDueDeferComplete();
  void testClaimTakesADeletionOnce();
  void testConcurrentClaimsTakeEachDeletionOnce();
  void testClaimsAndCompletesSeveralDeletionsAtOnce();
  void testConcurrentReplacementsQueueEveryReplacedKeyOnce();
  void testInjectionLookingIdIsStoredLiterally();
  void testRejectsOverlongValues();
  void testReadsSeeWritesOfOtherConnections();
  void testReadsReturnVariantsAndLongValues();
  void testReadOfUnmigratedDatabaseIsUnavailable();
  void testConcurrentReplacementsOfManyUsersAllSucceed();
  // placeholder_columns_test.cpp
  void testPlaceholdersRoundTrip();
  void testRejectsInvalidPlaceholders();
  void testMigratesVersion1DatabaseKeepingItsImages();
  // regeneration_rows_test.cpp
  void testSquareSourceRoundTrips();
  void testReplaceVariantsSwapsVariantsAndQueuesTheOldOnes();
  void testReplaceVariantsOfAReplacedImageChangesNothing();
  void testUsersWithImagesArePagedInIdOrder();
  // public_key_rows_test.cpp
  void testNewUsersGetDistinctPublicKeys();
  void testPublicKeyNamesItsUserUntilRotated();
  void testMigrationGivesExistingUsersPublicKeys();
  // batch_lookup_rows_test.cpp
  void testFindUsersAnswersEachIdInOrder();
  void testLookupsMatchIdsAndKeysExactly();
  // upload_window_rows_test.cpp
  void testUploadCounterCountsPerUserAndWindow();
  void testConcurrentUploadCountsAreDistinct();

 protected:
  // A new, empty database (no tables) for one test; fails the test when the
  // backend is not reachable.
  virtual std::unique_ptr<Database> openEmptyDatabase() = 0;
  // Removes what openEmptyDatabase() made, after the Database is closed.
  virtual void discardDatabase() = 0;

  // The test's database and repository (valid between setUp and tearDown).
  Database& database() { return *database_; }
  SqlUserRepository& users() { return *users_; }
  // Migrates the database; most tests start here.
  void migrateDatabase();
  // An image record stored under `key`.
  static ImageRecord image(const std::string& key);

 private:
  // The single number a query returns (COUNT(*) and the like).
  long long scalar(const std::string& sql);

  std::unique_ptr<Database> database_;
  std::unique_ptr<SqlUserRepository> users_;
};

}  // namespace userimg::db
