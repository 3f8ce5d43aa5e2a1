// libFuzzer target: the multipart parser (lib/multipart/), Content-Type and
// body together. The input is split by FuzzedDataProvider: the limits (from
// its last bytes), the Content-Type (a string up to a "\\" + any byte
// separator), the body (the rest); fuzz/corpus/make_seeds.py writes seeds in
// that layout.
//
// Contracts checked besides "no crash, no leak, no sanitizer report":
// - boundaryOf() accepts only 1-70 characters of RFC 2046's bchars;
// - a parse fails with kInvalidArgument or kPayloadTooLarge only, and
//   kPayloadTooLarge only for a body over maxBodyBytes;
// - a parse that succeeds read a body of at most maxBodyBytes, kept at most
//   maxParts parts, each file an expected field spooled to a file of its
//   stated size whose bytes occur in the body, each field at most
//   maxFieldBytes and in the body;
// - nothing is left in the temp directory after a failure or once the form
//   is destroyed.

#include <fuzzer/FuzzedDataProvider.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

#include "fuzz_check.h"
#include "multipart/form_parser.h"

namespace {

using userimg::core::StatusCode;
using userimg::multipart::FormLimits;
namespace fs = std::filesystem;

const std::set<std::string> kFileFields = {"profile_image", "cover_image"};

bool contains(const std::string& haystack, const std::string& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}

bool isBoundaryChar(char c) {
  static const std::string kOthers = "'()+_,-./:=? ";
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         kOthers.find(c) != std::string::npos;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool isEmptyDir(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || fs::is_empty(dir, ec);
}

void checkBoundary(const std::string& contentType) {
  auto boundary = userimg::multipart::boundaryOf(contentType);
  if (!boundary) {
    FUZZ_CHECK(boundary.status().code() == StatusCode::kInvalidArgument, "boundaryOf's failure");
    return;
  }
  FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70, "boundary length");
  FUZZ_CHECK(std::all_of(boundary->begin(), boundary->end(), isBoundaryChar), "boundary chars");
}

void checkForm(userimg::multipart::ParsedForm& form, const std::string& body,
               const FormLimits& limits, const fs::path& tempDir) {
  FUZZ_CHECK(static_cast<std::int64_t>(body.size()) <= limits.maxBodyBytes, "body within cap");
  const auto& files = form.files();
  FUZZ_CHECK(files.size() <= static_cast<std::size_t>(limits.maxParts), "files within maxParts");
  std::set<std::string> names;
  std::int64_t total = 0;
  for (const auto& file : files) {
    FUZZ_CHECK(kFileFields.count(file.fieldName) == 1, "only expected file fields are spooled");
    FUZZ_CHECK(names.insert(file.fieldName).second, "a file field at most once");
    FUZZ_CHECK(file.path.parent_path() == tempDir, "spooled under the temp directory");
    struct stat st {};
    FUZZ_CHECK(::stat(file.path.c_str(), &st) == 0, "spooled file exists");
    FUZZ_CHECK((st.st_mode & 0777) == 0600, "spooled file is private");
    FUZZ_CHECK(st.st_size == file.size, "spooled file has its stated size");
    FUZZ_CHECK(contains(body, readFile(file.path)), "spooled bytes come from the body");
    total += file.size;
  }
  FUZZ_CHECK(total <= static_cast<std::int64_t>(body.size()), "files within the body");
  const auto& fields = form.fields();
  FUZZ_CHECK(files.size() + fields.size() <= static_cast<std::size_t>(limits.maxParts),
             "parts within maxParts");
  for (const auto& [name, value] : fields) {
    FUZZ_CHECK(!name.empty(), "field has a name");
    FUZZ_CHECK(value.size() <= limits.maxFieldBytes, "field within maxFieldBytes");
    FUZZ_CHECK(contains(body, value), "field value comes from the body");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static constexpr std::int64_t kBodyCaps[] = {1 << 20, 512, 64, 1};
  static constexpr std::size_t kFieldCaps[] = {8 * 1024, 16, 1, 0};
  FormLimits limits;
  limits.maxBodyBytes = kBodyCaps[in.ConsumeIntegralInRange<int>(0, 3)];
  limits.maxParts = in.ConsumeIntegralInRange<int>(1, 16);
  limits.maxFieldBytes = kFieldCaps[in.ConsumeIntegralInRange<int>(0, 3)];
  const std::string contentType = in.ConsumeRandomLengthString(256);
  const std::string body = in.ConsumeRemainingBytesAsString();

  checkBoundary(contentType);
  const fs::path tempDir = userimg::fuzz::scratchDirectory() / "spool";
  std::istringstream stream(body);
  {
    auto form = userimg::multipart::parseForm(stream, contentType, kFileFields, limits, tempDir);
    if (form) {
      checkForm(*form, body, limits, tempDir);
    } else {
      const StatusCode code = form.status().code();
      FUZZ_CHECK(code == StatusCode::kInvalidArgument || code == StatusCode::kPayloadTooLarge,
                 "a bad body is the client's error");
      FUZZ_CHECK(code != StatusCode::kPayloadTooLarge ||
                     static_cast<std::int64_t>(body.size()) > limits.maxBodyBytes,
                 "too large only over the cap");
      FUZZ_CHECK(isEmptyDir(tempDir), "a failed parse leaves nothing on disk");
    }
  }
  FUZZ_CHECK(isEmptyDir(tempDir), "a destroyed form leaves nothing on disk");
  return 0;
}
