#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include "storage/cloudinary/signature.h"

namespace userimg::storage::cloudinary {
namespace {

// Cloudinary's worked example ("Generating authentication signatures",
// cloudinary.com/documentation/authentication_signatures): API secret "abcd",
// API key "1234", timestamp 1315060510, public ID "sample_image" and two
// eager transformations. The page gives the serialized string below and the
// SHA-1 result bfd09f95f331f558cbd1320e67aa8d488770583e.
const Params kWorkedExample = {
    {"timestamp", "1315060510"},
    {"public_id", "sample_image"},
    {"eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"},
    {"api_key", "1234"},                             // never signed
    {"file", "https://www.example.com/sample.jpg"},  // never signed
};

class SignatureTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SignatureTest);
  CPPUNIT_TEST(testSerializesTheWorkedExampleLikeTheDocumentation);
  CPPUNIT_TEST(testSignsTheWorkedExampleWithTheDocumentedSha1);
  CPPUNIT_TEST(testSignsTheSupportArticleSanityCheck);
  CPPUNIT_TEST(testSignsWithSha256WhenAsked);
  CPPUNIT_TEST(testLeavesOutExcludedAndEmptyParameters);
  CPPUNIT_TEST(testKnowsTheAlgorithmNames);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSerializesTheWorkedExampleLikeTheDocumentation() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&"
                    "timestamp=1315060510"),
        stringToSign(kWorkedExample));
  }

  void testSignsTheWorkedExampleWithTheDocumentedSha1() {
    CPPUNIT_ASSERT_EQUAL(std::string("bfd09f95f331f558cbd1320e67aa8d488770583e"),
                         signParams(kWorkedExample, "abcd", SignatureAlgorithm::kSha1));
  }

  void testSignsTheSupportArticleSanityCheck() {
    // Cloudinary support, "How to generate a Cloudinary signature on my own?":
    // signing "public_id=sample_image&timestamp=1315060510abcd" gives
    // b4ad47fb4e25c7bf5f92a20089f9db59bc302313.
    const Params params = {{"public_id", "sample_image"}, {"timestamp", "1315060510"}};
    CPPUNIT_ASSERT_EQUAL(std::string("b4ad47fb4e25c7bf5f92a20089f9db59bc302313"),
                         signParams(params, "abcd", SignatureAlgorithm::kSha1));
  }

  void testSignsWithSha256WhenAsked() {
    // The documentation publishes no SHA-256 value; this is
    // `printf '%s' '<the worked example string>abcd' | openssl sha256`.
    CPPUNIT_ASSERT_EQUAL(
        std::string("cc927e1290f9e3ae4c1a741eda21a4630b4ce80f9ce0bc0296337d25cf40f91e"),
        signParams(kWorkedExample, "abcd", SignatureAlgorithm::kSha256));
  }

  void testLeavesOutExcludedAndEmptyParameters() {
    const Params params = {{"timestamp", "1"},     {"signature", "x"}, {"resource_type", "image"},
                           {"cloud_name", "demo"}, {"tags", ""},       {"folder", "a/b"}};
    CPPUNIT_ASSERT_EQUAL(std::string("folder=a/b&timestamp=1"), stringToSign(params));
  }

  void testKnowsTheAlgorithmNames() {
    CPPUNIT_ASSERT(signatureAlgorithmFromName("sha1") == SignatureAlgorithm::kSha1);
    CPPUNIT_ASSERT(signatureAlgorithmFromName("sha256") == SignatureAlgorithm::kSha256);
    CPPUNIT_ASSERT(!signatureAlgorithmFromName("md5"));
    CPPUNIT_ASSERT(!signatureAlgorithmFromName("SHA1"));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SignatureTest, "cloudinary");

}  // namespace
}  // namespace userimg::storage::cloudinary
