#include <system_error>

#include "multipart/form_parser.h"

namespace userimg::multipart {

ParsedForm::ParsedForm(ParsedForm&& other) noexcept
    : files_(std::move(other.files_)), fields_(std::move(other.fields_)) {
  // The moved-from form must not remove files it no longer owns.
  other.files_.clear();
}

ParsedForm& ParsedForm::operator=(ParsedForm&& other) noexcept {
  if (this != &other) {
    removeFiles();
    files_ = std::move(other.files_);
    fields_ = std::move(other.fields_);
    other.files_.clear();
  }
  return *this;
}

ParsedForm::~ParsedForm() {
  removeFiles();
}

const UploadedFile* ParsedForm::file(std::string_view field) const {
  for (const UploadedFile& f : files_) {
    if (f.fieldName == field) return &f;
  }
  return nullptr;
}

const std::string* ParsedForm::field(std::string_view name) const {
  const auto it = fields_.find(std::string(name));
  return it == fields_.end() ? nullptr : &it->second;
}

void ParsedForm::removeFiles() noexcept {
  for (const UploadedFile& f : files_) {
    if (f.path.empty()) continue;
    // Best effort: a file a caller already moved away is not an error.
    std::error_code ignored;
    std::filesystem::remove(f.path, ignored);
  }
  files_.clear();
}

}  // namespace userimg::multipart
