#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "multipart/form_parser.h"

namespace userimg::multipart {
namespace {

namespace fs = std::filesystem;

const std::string kBoundary = "XyZ-boundary-42";
const std::string kType = "multipart/form-data; boundary=" + kBoundary;
const std::set<std::string> kFileFields = {"profile_image", "cover_image"};

// One part of a body under construction.
std::string filePart(const std::string& boundary, const std::string& name,
                     const std::string& fileName, const std::string& content) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
         "\"; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
         content + "\r\n";
}

std::string fieldPart(const std::string& boundary, const std::string& name,
                      const std::string& value) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
         value + "\r\n";
}

std::string closing(const std::string& boundary) {
  return "--" + boundary + "--\r\n";
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class FormParserTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FormParserTest);
  CPPUNIT_TEST(testSpoolsSingleFileToPrivateTempFile);
  CPPUNIT_TEST(testSpoolsTwoFileFields);
  CPPUNIT_TEST(testKeepsPlainFields);
  CPPUNIT_TEST(testSkipsPreamble);
  CPPUNIT_TEST(testAcceptsQuotedBoundary);
  CPPUNIT_TEST(testAcceptsBoundaryWithSpecialCharacters);
  CPPUNIT_TEST(testRejectsMissingClosingBoundary);
  CPPUNIT_TEST(testRejectsBodyEndingInsidePartHeaders);
  CPPUNIT_TEST(testRejectsBodyWithoutAnyBoundaryLine);
  CPPUNIT_TEST(testRejectsOversizedBodyAndLeavesNoTempFile);
  CPPUNIT_TEST(testRejectsOversizedEpilogue);
  CPPUNIT_TEST(testAcceptsBodyExactlyAtLimit);
  CPPUNIT_TEST(testRejectsDuplicateFileField);
  CPPUNIT_TEST(testRejectsTooManyParts);
  CPPUNIT_TEST(testRejectsOversizedField);
  CPPUNIT_TEST(testRejectsNonMultipartContentType);
  CPPUNIT_TEST(testRejectsMissingBoundary);
  CPPUNIT_TEST(testDiscardsUnexpectedFileField);
  CPPUNIT_TEST(testRejectsPartWithoutName);
  CPPUNIT_TEST(testRejectsPartWithoutContentDisposition);
  CPPUNIT_TEST(testRejectsMalformedPartHeaders);
  CPPUNIT_TEST(testPreservesBinaryContentResemblingBoundary);
  CPPUNIT_TEST(testPreservesLargeFile);
  CPPUNIT_TEST(testRemovesTempFilesWhenFormIsDestroyed);
  CPPUNIT_TEST(testMovedFormKeepsFiles);
  CPPUNIT_TEST(testCreatesMissingTempDir);
  CPPUNIT_TEST(testReportsUnwritableTempDir);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    std::string pattern = (fs::temp_directory_path() / "userimg-multipart-XXXXXX").string();
    CPPUNIT_ASSERT(::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
  }

  void tearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void testSpoolsSingleFileToPrivateTempFile() {
    auto form =
        parse(filePart(kBoundary, "profile_image", "me.png", "PNGDATA") + closing(kBoundary));
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    const UploadedFile* f = form->file("profile_image");
    CPPUNIT_ASSERT(f != nullptr);
    CPPUNIT_ASSERT_EQUAL(std::string("me.png"), f->clientFileName);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{7}, f->size);
    CPPUNIT_ASSERT_EQUAL(std::string("PNGDATA"), readFile(f->path));
    CPPUNIT_ASSERT(f->path.parent_path() == dir_);
    struct stat st {};
    CPPUNIT_ASSERT_EQUAL(0, ::stat(f->path.c_str(), &st));
    CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(st.st_mode & 0777));
    CPPUNIT_ASSERT(form->file("cover_image") == nullptr);
  }

  void testSpoolsTwoFileFields() {
    auto form = parse(filePart(kBoundary, "profile_image", "a.jpg", "AAAA") +
                      filePart(kBoundary, "cover_image", "b.jpg", "BBBBBB") + closing(kBoundary));
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, form->files().size());
    CPPUNIT_ASSERT_EQUAL(std::string("AAAA"), readFile(form->file("profile_image")->path));
    CPPUNIT_ASSERT_EQUAL(std::string("BBBBBB"), readFile(form->file("cover_image")->path));
    CPPUNIT_ASSERT(form->file("profile_image")->path != form->file("cover_image")->path);
  }

  void testKeepsPlainFields() {
    auto form = parse(fieldPart(kBoundary, "type", "profile_image") +
                      fieldPart(kBoundary, "note", "line1\r\nline2") + closing(kBoundary));
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("profile_image"), *form->field("type"));
    CPPUNIT_ASSERT_EQUAL(std::string("line1\r\nline2"), *form->field("note"));
    CPPUNIT_ASSERT(form->field("missing") == nullptr);
    CPPUNIT_ASSERT(form->files().empty());
  }

  void testSkipsPreamble() {
    auto form = parse("This is a preamble.\r\nIt has --two lines.\r\n" +
                      filePart(kBoundary, "profile_image", "a.png", "DATA") + closing(kBoundary));
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("DATA"), readFile(form->file("profile_image")->path));
  }

  void testAcceptsQuotedBoundary() {
    auto form = parse(filePart(kBoundary, "profile_image", "a.png", "Q") + closing(kBoundary),
                      "multipart/form-data; boundary=\"" + kBoundary + "\"");
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("Q"), readFile(form->file("profile_image")->path));
  }

  void testAcceptsBoundaryWithSpecialCharacters() {
    const std::string boundary = "'()+_,-./:=? x";
    auto form = parse(fieldPart(boundary, "type", "cover_image") +
                          filePart(boundary, "cover_image", "c.webp", "WEBP") + closing(boundary),
                      "multipart/form-data; boundary=\"" + boundary + "\"");
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("cover_image"), *form->field("type"));
    CPPUNIT_ASSERT_EQUAL(std::string("WEBP"), readFile(form->file("cover_image")->path));
  }

  void testRejectsMissingClosingBoundary() {
    expectInvalid(filePart(kBoundary, "profile_image", "a.png", "TRUNCATED"));
    expectInvalid(filePart(kBoundary, "profile_image", "a.png", "TRUNCATED") + "--" + kBoundary);
    expectInvalid(fieldPart(kBoundary, "type", "x") + "--" + kBoundary +
                  "\r\nContent-Disposition: form-data; name=\"profile_image\"");
    assertTempDirEmpty();
  }

  void testRejectsBodyEndingInsidePartHeaders() {
    expectInvalid("--" + kBoundary + "\r\nContent-Disposition: form-da");
  }

  void testRejectsBodyWithoutAnyBoundaryLine() {
    expectInvalid("");
    expectInvalid("just some text\r\nwithout a boundary\r\n");
  }

  void testRejectsOversizedBodyAndLeavesNoTempFile() {
    const std::string body =
        filePart(kBoundary, "profile_image", "big.png", std::string(5000, 'x')) +
        closing(kBoundary);
    FormLimits limits;
    limits.maxBodyBytes = 1000;
    auto form = parse(body, kType, limits);
    CPPUNIT_ASSERT(!form.ok());
    CPPUNIT_ASSERT(form.status().code() == core::StatusCode::kPayloadTooLarge);
    CPPUNIT_ASSERT_EQUAL(std::string("Request body exceeds the limit of 1000 bytes"),
                         form.status().message());
    assertTempDirEmpty();
  }

  void testRejectsOversizedEpilogue() {
    const std::string body = fieldPart(kBoundary, "type", "x") + closing(kBoundary);
    FormLimits limits;
    limits.maxBodyBytes = static_cast<std::int64_t>(body.size()) + 10;
    auto form = parse(body + std::string(11, 'e'), kType, limits);
    CPPUNIT_ASSERT(form.status().code() == core::StatusCode::kPayloadTooLarge);
  }

  void testAcceptsBodyExactlyAtLimit() {
    const std::string body =
        filePart(kBoundary, "profile_image", "a.png", std::string(3000, 'y')) + closing(kBoundary);
    FormLimits limits;
    limits.maxBodyBytes = static_cast<std::int64_t>(body.size());
    auto form = parse(body, kType, limits);
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3000}, form->file("profile_image")->size);

    limits.maxBodyBytes -= 1;
    CPPUNIT_ASSERT(parse(body, kType, limits).status().code() ==
                   core::StatusCode::kPayloadTooLarge);
  }

  void testRejectsDuplicateFileField() {
    expectInvalid(filePart(kBoundary, "profile_image", "a.png", "1") +
                  filePart(kBoundary, "profile_image", "b.png", "2") + closing(kBoundary));
    assertTempDirEmpty();
  }

  void testRejectsTooManyParts() {
    FormLimits limits;
    limits.maxParts = 3;
    std::string body;
    for (int i = 0; i < 3; ++i) body += fieldPart(kBoundary, "f" + std::to_string(i), "v");
    CPPUNIT_ASSERT(parse(body + closing(kBoundary), kType, limits).ok());
    body += filePart(kBoundary, "profile_image", "a.png", "x");
    auto form = parse(body + closing(kBoundary), kType, limits);
    CPPUNIT_ASSERT(form.status().code() == core::StatusCode::kInvalidArgument);
    assertTempDirEmpty();
  }

  void testRejectsOversizedField() {
    FormLimits limits;
    limits.maxFieldBytes = 10;
    CPPUNIT_ASSERT(
        parse(fieldPart(kBoundary, "f", std::string(10, 'v')) + closing(kBoundary), kType, limits)
            .ok());
    auto form =
        parse(fieldPart(kBoundary, "f", std::string(11, 'v')) + closing(kBoundary), kType, limits);
    CPPUNIT_ASSERT(form.status().code() == core::StatusCode::kInvalidArgument);
  }

  void testRejectsNonMultipartContentType() {
    auto form = parse(fieldPart(kBoundary, "f", "v") + closing(kBoundary), "application/json");
    CPPUNIT_ASSERT(form.status().code() == core::StatusCode::kInvalidArgument);
  }

  void testRejectsMissingBoundary() {
    auto form = parse(fieldPart(kBoundary, "f", "v") + closing(kBoundary), "multipart/form-data");
    CPPUNIT_ASSERT(form.status().code() == core::StatusCode::kInvalidArgument);
  }

  void testDiscardsUnexpectedFileField() {
    auto form = parse(filePart(kBoundary, "virus", "evil.exe", std::string(2000, 'z')) +
                      filePart(kBoundary, "profile_image", "a.png", "OK") + closing(kBoundary));
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, form->files().size());
    CPPUNIT_ASSERT(form->file("virus") == nullptr);
    CPPUNIT_ASSERT(form->field("virus") == nullptr);
    CPPUNIT_ASSERT_EQUAL(std::string("OK"), readFile(form->file("profile_image")->path));
    CPPUNIT_ASSERT_EQUAL(1, countTempFiles());
  }

  void testRejectsPartWithoutName() {
    expectInvalid("--" + kBoundary +
                  "\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n" +
                  closing(kBoundary));
    expectInvalid("--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n" +
                  closing(kBoundary));
  }

  void testRejectsPartWithoutContentDisposition() {
    expectInvalid("--" + kBoundary + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" +
                  closing(kBoundary));
    expectInvalid("--" + kBoundary +
                  "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n" +
                  closing(kBoundary));
  }

  void testRejectsMalformedPartHeaders() {
    // A header name longer than Poco's limit of 256 characters.
    expectInvalid("--" + kBoundary + "\r\n" + std::string(300, 'h') + ": v\r\n\r\nx\r\n" +
                  closing(kBoundary));
    // A header line without a colon is dropped, leaving no Content-Disposition.
    expectInvalid(fieldPart(kBoundary, "ok", "v") + "--" + kBoundary +
                  "\r\nContent-Disposition form-data name=x\r\n\r\nx\r\n" + closing(kBoundary));
  }

  void testPreservesBinaryContentResemblingBoundary() {
    std::string content;
    content += std::string("\r\n\r\n", 4);
    content += "--" + kBoundary.substr(0, 5) + "\r\n";  // a boundary prefix on its own line
    content += "\r\n--" + kBoundary + "X\r\n";          // the boundary with a suffix
    content += "\n--" + kBoundary + "-\r\n";            // bare LF and one dash
    content += "\r--" + kBoundary + "\r\n";             // bare CR before it
    content += std::string("\0\xff\xfe\r\n\0", 6);      // NUL and 0xFF bytes
    for (int i = 0; i < 256; ++i) content += static_cast<char>(i);
    content += "\r\n\r\n-";
    content += "\r\n";  // the part ends with a line break of its own
    auto form = parse(filePart(kBoundary, "profile_image", "bin", content) + closing(kBoundary));
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    const std::string stored = readFile(form->file("profile_image")->path);
    CPPUNIT_ASSERT_EQUAL(content.size(), stored.size());
    CPPUNIT_ASSERT(content == stored);
  }

  void testPreservesLargeFile() {
    std::string content;
    content.reserve(300 * 1024);
    for (std::int64_t i = 0; i < 300 * 1024; ++i) content += static_cast<char>((i * 7919) % 251);
    auto form = parse(filePart(kBoundary, "cover_image", "big", content) + closing(kBoundary));
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT(content == readFile(form->file("cover_image")->path));
  }

  void testRemovesTempFilesWhenFormIsDestroyed() {
    fs::path a, b;
    {
      auto form = parse(filePart(kBoundary, "profile_image", "a", "1") +
                        filePart(kBoundary, "cover_image", "b", "2") + closing(kBoundary));
      CPPUNIT_ASSERT(form.ok());
      a = form->file("profile_image")->path;
      b = form->file("cover_image")->path;
      CPPUNIT_ASSERT(fs::exists(a) && fs::exists(b));
    }
    CPPUNIT_ASSERT(!fs::exists(a));
    CPPUNIT_ASSERT(!fs::exists(b));
    assertTempDirEmpty();
  }

  void testMovedFormKeepsFiles() {
    auto form = parse(filePart(kBoundary, "profile_image", "a", "1") + closing(kBoundary));
    CPPUNIT_ASSERT(form.ok());
    const fs::path path = form->file("profile_image")->path;
    auto owner = std::make_unique<ParsedForm>(std::move(form.value()));
    { ParsedForm emptied = std::move(form.value()); }  // the moved-from form owns nothing
    CPPUNIT_ASSERT(fs::exists(path));
    ParsedForm assigned;
    assigned = std::move(*owner);
    owner.reset();
    CPPUNIT_ASSERT(fs::exists(path));
    assigned = ParsedForm();
    CPPUNIT_ASSERT(!fs::exists(path));
  }

  void testCreatesMissingTempDir() {
    const fs::path nested = dir_ / "spool" / "deeper";
    std::istringstream body(filePart(kBoundary, "profile_image", "a", "1") + closing(kBoundary));
    auto form = parseForm(body, kType, kFileFields, FormLimits(), nested);
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(), form.ok());
    CPPUNIT_ASSERT(form->file("profile_image")->path.parent_path() == nested);
  }

  void testReportsUnwritableTempDir() {
    // A regular file where a directory should be: fails even for root.
    std::ofstream(dir_ / "not-a-dir") << "x";
    std::istringstream body(filePart(kBoundary, "profile_image", "a", "1") + closing(kBoundary));
    auto form = parseForm(body, kType, kFileFields, FormLimits(), dir_ / "not-a-dir" / "spool");
    CPPUNIT_ASSERT(form.status().code() == core::StatusCode::kInternal);
  }

 private:
  core::Result<ParsedForm> parse(const std::string& body, const std::string& type = kType,
                                 const FormLimits& limits = FormLimits()) {
    std::istringstream in(body);
    return parseForm(in, type, kFileFields, limits, dir_);
  }

  void expectInvalid(const std::string& body) {
    auto form = parse(body);
    CPPUNIT_ASSERT_MESSAGE("expected a failure", !form.ok());
    CPPUNIT_ASSERT_MESSAGE(form.status().toString(),
                           form.status().code() == core::StatusCode::kInvalidArgument);
  }

  int countTempFiles() const {
    int n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++n;
    return n;
  }

  void assertTempDirEmpty() const { CPPUNIT_ASSERT_EQUAL(0, countTempFiles()); }

  fs::path dir_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FormParserTest, "multipart");

}  // namespace
}  // namespace userimg::multipart
