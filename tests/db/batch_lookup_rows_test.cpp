// UserRepositoryTestBase's batch and key lookups (issue 14), run on SQLite
// and MariaDB like the rest of the base: findUsers() answers every id in
// the order asked, with the images, across more than one statement's worth
// of ids; ids and keys match exactly (MariaDB's utf8mb4_bin ignores
// trailing spaces in comparisons, the lookups must not).

#include <string>
#include <vector>

#include "db/repository_test_support.h"
#include "db/user_repository_test_base.h"

namespace userimg::db {

using core::ImageKind;
using namespace testing;

void UserRepositoryTestBase::testFindUsersAnswersEachIdInOrder() {
  migrateDatabase();
  // 130 users, every third with a profile image and every fifth with a
  // cover: more than one statement (100 ids) of them.
  std::vector<std::string> ids;
  for (int i = 0; i < 130; ++i) {
    const std::string id = "batch-" + std::to_string(i);
    valueOf(users_->ensureUser({id, "", ""}, true, kNow));
    if (i % 3 == 0) valueOf(users_->replaceImage(id, ImageKind::kProfile, image("p" + id), kNow));
    if (i % 5 == 0) valueOf(users_->replaceImage(id, ImageKind::kCover, image("c" + id), kNow));
    ids.push_back(id);
  }
  // Asked in reverse, with unknown ids, a repeated one, an empty one and
  // one too long for any user in between.
  std::vector<std::string> asked;
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) asked.push_back(*it);
  asked.insert(asked.begin() + 7, "nobody");
  asked.insert(asked.begin() + 50, "batch-3");
  asked.insert(asked.begin() + 60, "");
  asked.insert(asked.begin() + 70, std::string(500, 'x'));
  asked.push_back("batch-130");

  const auto found = valueOf(users_->findUsers(asked));
  CPPUNIT_ASSERT_EQUAL(asked.size(), found.size());
  for (std::size_t i = 0; i < asked.size(); ++i) {
    const std::string& id = asked[i];
    const std::optional<UserRecord>& user = found[i];
    const std::string at = "answer " + std::to_string(i) + " (" + id.substr(0, 20) + ")";
    if (!id.starts_with("batch-") || id == "batch-130") {
      CPPUNIT_ASSERT_MESSAGE(at, !user);
      continue;
    }
    CPPUNIT_ASSERT_MESSAGE(at, user.has_value());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(at, id, user->id);
    const int n = std::stoi(id.substr(6));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(at, n % 3 == 0, user->profile.has_value());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(at, n % 5 == 0, user->cover.has_value());
    if (user->profile) CPPUNIT_ASSERT_EQUAL_MESSAGE(at, "p" + id, user->profile->storageKey);
    if (user->cover) CPPUNIT_ASSERT_EQUAL_MESSAGE(at, "c" + id, user->cover->storageKey);
    // The same record as the single read.
    const std::optional<UserRecord> single = valueOf(users_->findUser(id));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(at, single->publicKey, user->publicKey);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(at, single->createdAt, user->createdAt);
  }
  CPPUNIT_ASSERT(valueOf(users_->findUsers(std::vector<std::string>())).empty());
}

void UserRepositoryTestBase::testLookupsMatchIdsAndKeysExactly() {
  migrateDatabase();
  const UserRecord ada = valueOf(users_->ensureUser({"ada", "", ""}, true, kNow));
  valueOf(users_->replaceImage("ada", ImageKind::kProfile, image("pada"), kNow));
  // "ada " is refused before any query: it is no id of its own.
  auto padded = users_->findUser("ada ");
  CPPUNIT_ASSERT_MESSAGE("\"ada \" found as ada", !padded.ok());
  CPPUNIT_ASSERT(padded.status().code() == core::StatusCode::kInvalidArgument);
  const auto found = valueOf(users_->findUsers(std::vector<std::string>{"ada ", "ada", "ADA"}));
  CPPUNIT_ASSERT(!found[0]);
  CPPUNIT_ASSERT(found[1] && found[1]->id == "ada" && found[1]->profile);
  CPPUNIT_ASSERT(!found[2]);
  const auto byKey = valueOf(users_->findUserWithPublicKey(ada.publicKey));
  CPPUNIT_ASSERT(byKey && byKey->id == "ada" && byKey->profile &&
                 byKey->profile->storageKey == "pada");
  CPPUNIT_ASSERT(!valueOf(users_->findUserWithPublicKey(ada.publicKey + " ")));
  CPPUNIT_ASSERT(!valueOf(users_->findUserWithPublicKey("")));
}

}  // namespace userimg::db
