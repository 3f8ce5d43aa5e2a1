#pragma once
// The image pipeline benchmark's fixtures (fixtures.cpp lists them).

#include <filesystem>

namespace bench {

// Starts libvips and writes every fixture into `dir`; 0 on success.
int makeFixtures(const std::filesystem::path& dir);

}  // namespace bench
