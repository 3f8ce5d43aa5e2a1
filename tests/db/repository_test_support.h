#pragma once
// Helpers shared by the repository tests (user_repository_test_base.cpp,
// pending_deletions_test.cpp).

#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <utility>

#include "core/result.h"

namespace userimg::db::testing {

inline constexpr std::int64_t kNow = 1'700'000'000;

inline void assertOk(const core::Status& status) {
  CPPUNIT_ASSERT_MESSAGE(status.toString(), status.isOk());
}

template <typename T>
T valueOf(core::Result<T> result) {
  CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
  return std::move(result).value();
}

}  // namespace userimg::db::testing
