#pragma once
// The invariants every fault test ends with ("never lose an image, never
// leave garbage"), checked the same way after every fault:
//  1. every image the given users' records name (main image, variants,
//     siblings), on both surfaces' GETs, is served by the web server;
//  2. after `userimgctl gc --apply` with no grace period, a second gc
//     finds no orphaned object (nothing stored is unreferenced);
//  3. the stack's temp directory holds nothing that no live process owns.
// And the shape of any answer given during a fault: JSON, never HTML, and
// no 5xx but the documented ones.
//
// Needs USERIMG_IT_CTL and USERIMG_IT_CONFIG (gc_support.h) besides the
// usual USERIMG_IT_* variables. Everything fails a CppUnit assertion.

#include <filesystem>
#include <string>
#include <vector>

#include "integration/it_support.h"

namespace userimg::it {

// The stack's [upload] temp_dir: data/tmp beside the media tree, or beside
// the link to it, or the shared-hosting layout's ~/userimg/data/tmp beside
// ~/public_html (tests/integration/stack.sh and stack_apache.sh).
std::filesystem::path stackTempDir();

// The entries of `temp` that no live process owns: anything but a proc-*
// directory or lock, and every proc-* whose lock this process can take (its
// owner is dead: lib/core/scratch_dir.h). "" when none; else " a b ...".
std::string unownedTempEntries(const std::filesystem::path& temp);

// Every media URL (a string under the stack's /media/) in the JSON of
// GET /api/resume/user-images/ and GET /users/me for `token`'s user.
std::vector<std::string> mediaUrlsOf(const std::string& token);

// Checks 1-3 above for the users of `tokens`.
void checkInvariants(const std::vector<std::string>& tokens);

// A fault may answer 500 (storage), 502 (the web server: the app died with
// the request) or 503 with Retry-After (the database), always as JSON in
// the surface's shape (`key`: "error" or "detail"); never HTML, never
// another 5xx.
void assertFaultAnswer(const Reply& reply, const std::string& key);

}  // namespace userimg::it
