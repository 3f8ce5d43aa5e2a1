#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include "config/cloudinary_config.h"

namespace userimg::config {
namespace {

class CloudinaryUrlTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CloudinaryUrlTest);
  CPPUNIT_TEST(testParsesKeySecretAndCloud);
  CPPUNIT_TEST(testHonoursUploadPrefixAndAlgorithmAndIgnoresOtherQueryParameters);
  CPPUNIT_TEST(testKeepsTheOtherSettingsOfTheBase);
  CPPUNIT_TEST(testDecodesPercentEscapes);
  CPPUNIT_TEST(testIgnoresAPrivateCdnPath);
  CPPUNIT_TEST(testRejectsMalformedUrlsWithoutEchoingTheSecret);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testParsesKeySecretAndCloud() {
    auto config = parseCloudinaryUrl("cloudinary://123456789012345:s3cr3t-Value_x@my-cloud");
    CPPUNIT_ASSERT(config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("123456789012345"), config->apiKey);
    CPPUNIT_ASSERT_EQUAL(std::string("s3cr3t-Value_x"), config->apiSecret);
    CPPUNIT_ASSERT_EQUAL(std::string("my-cloud"), config->cloudName);
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.cloudinary.com"), config->uploadPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("sha1"), config->signatureAlgorithm);
  }

  void testHonoursUploadPrefixAndAlgorithmAndIgnoresOtherQueryParameters() {
    auto config = parseCloudinaryUrl(
        "cloudinary://k:s@c?secure_distribution=cdn.example&upload_prefix=http%3A%2F%2F127.0.0.1"
        "%3A8080/&cloud%5Bcname%5D=x&signature_algorithm=sha256&flag");
    CPPUNIT_ASSERT(config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:8080"), config->uploadPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("sha256"), config->signatureAlgorithm);
  }

  void testKeepsTheOtherSettingsOfTheBase() {
    CloudinaryConfig base;
    base.profileFolder = "avatars";
    base.timeoutMs = 1234;
    auto config = parseCloudinaryUrl("  cloudinary://k:s@c\n", base);
    CPPUNIT_ASSERT(config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("avatars"), config->profileFolder);
    CPPUNIT_ASSERT_EQUAL(1234, config->timeoutMs);
  }

  void testDecodesPercentEscapes() {
    auto config = parseCloudinaryUrl("cloudinary://k%2B1:a%40b%3Ac@c");
    CPPUNIT_ASSERT(config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("k+1"), config->apiKey);
    CPPUNIT_ASSERT_EQUAL(std::string("a@b:c"), config->apiSecret);
  }

  void testIgnoresAPrivateCdnPath() {
    auto config = parseCloudinaryUrl("cloudinary://k:s@cloud/cdn.example.com");
    CPPUNIT_ASSERT(config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("cloud"), config->cloudName);
  }

  void testRejectsMalformedUrlsWithoutEchoingTheSecret() {
    for (const char* url :
         {"", "https://k:TopSecret@c", "cloudinary://k:TopSecret", "cloudinary://kTopSecret@c",
          "cloudinary://:TopSecret@c", "cloudinary://k:@c", "cloudinary://k:TopSecret@",
          "cloudinary://k:TopSecret%zz@c", "cloudinary://k:TopSecret%2@c",
          "cloudinary://k:TopSecret@c?upload_prefix=ftp://x",
          "cloudinary://k:TopSecret@c?signature_algorithm=md5"}) {
      auto config = parseCloudinaryUrl(url);
      CPPUNIT_ASSERT_MESSAGE(url, !config.ok());
      CPPUNIT_ASSERT(config.status().code() == core::StatusCode::kInvalidArgument);
      CPPUNIT_ASSERT_MESSAGE(url, config.status().message().find("TopSecret") == std::string::npos);
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CloudinaryUrlTest, "cloudinary");

}  // namespace
}  // namespace userimg::config
