#pragma once
// The stack's failpoints (lib/core/failpoint.h) from a test: the file the
// stack's app reads them from is USERIMG_IT_FAILPOINTS, and every armed hit
// is recorded in that name plus ".hits". Failures fail a CppUnit assertion.

#include <string>
#include <vector>

namespace userimg::it {

// Clears the recorded hits, then arms `lines` ("NAME ACTION" each: kill,
// pause or note), replacing whatever was armed.
void armFailpoints(const std::vector<std::string>& lines);

// Arms nothing (a paused request goes on) and keeps the recorded hits.
void disarmFailpoints();

// How many times `name` was hit since the last armFailpoints().
int failpointHits(const std::string& name);

// Waits until `name` was hit at least `count` times since the last
// armFailpoints(); fails the test after `seconds`.
void awaitFailpoint(const std::string& name, int count = 1, double seconds = 30.0);

}  // namespace userimg::it
