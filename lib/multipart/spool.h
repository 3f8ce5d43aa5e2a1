#pragma once
// Helpers that move one part's bytes out of a part stream: into a new temp
// file, into a bounded string, or nowhere. Each reads the stream to its end
// (or to the first failure) with a fixed buffer, never the whole part at once.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>

#include "core/status.h"
#include "multipart/form_parser.h"

namespace userimg::multipart {

// Creates a new file under `dir` (mode 0600, a name nobody else can have
// chosen) and copies `part` into it. `file.path` is set as soon as the file
// exists, before any byte is copied, so the caller can remove it whatever
// happens next; `file.size` is the number of bytes written.
// kInternal when the file cannot be created or written.
core::Status spoolToTempFile(std::istream& part, const std::filesystem::path& dir,
                             UploadedFile& file);

// Reads `part` into `value`. Returns false (value holds the first
// maxBytes + 1 bytes) when the part is longer than maxBytes.
bool readBounded(std::istream& part, std::size_t maxBytes, std::string& value);

// Reads `part` to its end and throws the bytes away.
void drain(std::istream& part);

}  // namespace userimg::multipart
