#pragma once
// Streaming multipart/form-data parser over Poco::Net::MultipartReader.
//
// The body is read once, straight from its stream: every file part is
// spooled to its own temporary file under `tempDir`, never held whole in
// memory. Limits are enforced while reading, so an oversized body costs at
// most `maxBodyBytes` of reading and nothing of memory.
//
//   auto form = parseForm(*request.body, request.header("content-type"),
//                         {"profile_image", "cover_image"}, limits, tempDir);
//   if (!form) return errorFor(form.status());
//   if (const UploadedFile* f = form->file("profile_image")) use(f->path);
//
// Failures (and nothing is left on disk after any of them):
//   kInvalidArgument  not multipart/form-data, no boundary, malformed part
//                     headers, body ends before the closing boundary, too
//                     many parts, an expected file field sent twice
//   kPayloadTooLarge  more than maxBodyBytes read
//   kInternal         the temp directory cannot be written
// Thread-safe: no shared state; each call owns its temp files.

#include <cstdint>
#include <filesystem>
#include <istream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace userimg::multipart {

struct FormLimits {
  // Most bytes read from the body, boundaries and headers included.
  std::int64_t maxBodyBytes = 10 * 1024 * 1024;
  // Most parts in one body.
  int maxParts = 16;
  // Largest non-file field value kept in memory.
  std::size_t maxFieldBytes = 8 * 1024;
};

// One spooled file part. The temp file is owned by the ParsedForm.
struct UploadedFile {
  std::string fieldName;
  std::string clientFileName;  // as sent; for logs only, never for paths
  std::filesystem::path path;  // the spooled bytes
  std::int64_t size = 0;
};

// The parsed body. Owns its temp files and removes them when destroyed.
// Move-only.
class ParsedForm {
 public:
  ParsedForm() = default;
  ParsedForm(ParsedForm&& other) noexcept;
  ParsedForm& operator=(ParsedForm&& other) noexcept;
  ParsedForm(const ParsedForm&) = delete;
  ParsedForm& operator=(const ParsedForm&) = delete;
  ~ParsedForm();

  // The file sent under `field`, or nullptr.
  const UploadedFile* file(std::string_view field) const;
  // A plain (non-file) field's value, or nullptr.
  const std::string* field(std::string_view name) const;

  std::vector<UploadedFile>& files() { return files_; }
  const std::vector<UploadedFile>& files() const { return files_; }
  std::map<std::string, std::string>& fields() { return fields_; }

 private:
  void removeFiles() noexcept;

  std::vector<UploadedFile> files_;
  std::map<std::string, std::string> fields_;
};

// The boundary parameter of a multipart/form-data Content-Type (quotes
// removed); kInvalidArgument when the type is not multipart/form-data or has
// no usable boundary.
core::Result<std::string> boundaryOf(std::string_view contentType);

// Parses `body`. Parts named in `fileFields` are spooled to temp files; other
// parts with a filename are read and discarded; other plain fields are kept
// up to maxFieldBytes.
core::Result<ParsedForm> parseForm(std::istream& body, std::string_view contentType,
                                   const std::set<std::string>& fileFields,
                                   const FormLimits& limits, const std::filesystem::path& tempDir);

}  // namespace userimg::multipart
