#include "integration/invariants.h"

#include <cppunit/extensions/HelperMacros.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <system_error>
#include <thread>

#include "integration/gc_support.h"

namespace userimg::it {

std::filesystem::path stackTempDir() {
  namespace fs = std::filesystem;
  const fs::path media = Target::get().mediaRoot;
  std::error_code ec;
  const fs::path real = fs::canonical(media, ec);
  std::vector<fs::path> candidates = {media.parent_path() / "data" / "tmp"};
  if (!ec) {
    candidates.push_back(real.parent_path() / "data" / "tmp");
    candidates.push_back(real.parent_path().parent_path() / "userimg" / "data" / "tmp");
  }
  for (const fs::path& candidate : candidates) {
    if (fs::is_directory(candidate, ec)) return candidate;
  }
  CPPUNIT_FAIL("no temp directory found for the media tree " + media.string());
  return {};
}

std::string unownedTempEntries(const std::filesystem::path& temp) {
  std::string unowned;
  for (const auto& entry : std::filesystem::directory_iterator(temp)) {
    std::string name = entry.path().filename().string();
    bool owned = false;
    if (name.rfind("proc-", 0) == 0) {
      const std::string lock = name.size() > 5 && name.substr(name.size() - 5) == ".lock"
                                   ? entry.path().string()
                                   : entry.path().string() + ".lock";
      const int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
      owned = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0;
      if (fd >= 0) ::close(fd);
    }
    if (!owned) unowned += " " + name;
  }
  return unowned;
}

namespace {

void collectMediaUrls(const Poco::Dynamic::Var& value, const std::string& prefix,
                      std::vector<std::string>& urls) {
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto object = value.extract<Poco::JSON::Object::Ptr>();
    for (const auto& [name, member] : *object) collectMediaUrls(member, prefix, urls);
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (const auto& member : *array) collectMediaUrls(member, prefix, urls);
  } else if (value.isString()) {
    const std::string text = value.toString();
    if (text.rfind(prefix, 0) == 0) urls.push_back(text);
  }
}

}  // namespace

std::vector<std::string> mediaUrlsOf(const std::string& token) {
  const std::string prefix = Target::get().mounted("/media/");
  std::vector<std::string> urls;
  for (const char* path : {"/api/resume/user-images/", "/users/me"}) {
    const Reply reply = get(path, token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.describe(), 200, reply.status);
    collectMediaUrls(Poco::Dynamic::Var(reply.json()), prefix, urls);
  }
  return urls;
}

void checkInvariants(const std::vector<std::string>& tokens) {
  // 1. What the records name is there.
  for (const std::string& token : tokens) {
    for (const std::string& url : mediaUrlsOf(token)) assertMediaServed(url);
  }
  // 2. Nothing stored is unreferenced once gc has run. Its age cut-off is in
  // whole seconds: wait for the next one, so that no object written so far
  // is "too young" for a gc without grace.
  const std::time_t written = std::time(nullptr);
  while (std::time(nullptr) <= written) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::vector<std::string> noGrace = {"USERIMG_DELETIONS_GC_GRACE_SECONDS=0"};
  const CommandResult applied = runCtl({"gc", "--apply"}, noGrace);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(applied.output, 0, applied.exitCode);
  const CommandResult again = runCtl({"gc"}, noGrace);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(again.output, 0, again.exitCode);
  CPPUNIT_ASSERT_MESSAGE("orphans left after gc --apply:\n" + again.output,
                         lineWith(again.output, "gc:", " 0 orphaned objects found"));
  // The records still name only what is there (gc took nothing of theirs).
  for (const std::string& token : tokens) {
    for (const std::string& url : mediaUrlsOf(token)) assertMediaServed(url);
  }
  // 3. No temp file or work directory without a live owner.
  const std::string left = unownedTempEntries(stackTempDir());
  CPPUNIT_ASSERT_MESSAGE("temp entries no live process owns:" + left, left.empty());
}

void assertFaultAnswer(const Reply& reply, const std::string& key) {
  const int status = reply.status;
  CPPUNIT_ASSERT_MESSAGE("an undocumented answer during a fault: " + reply.describe(),
                         status < 500 || status == 500 || status == 502 || status == 503);
  if (status == 503) {
    CPPUNIT_ASSERT_MESSAGE("a 503 without Retry-After: " + reply.describe(),
                           !reply.header("retry-after").empty());
  }
  CPPUNIT_ASSERT_MESSAGE("not JSON: " + reply.describe(),
                         reply.header("content-type").rfind("application/json", 0) == 0);
  CPPUNIT_ASSERT_MESSAGE("no \"" + key + "\" member: " + reply.describe(), reply.json()->has(key));
}

}  // namespace userimg::it
