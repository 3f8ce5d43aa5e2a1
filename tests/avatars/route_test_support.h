#pragma once
// What the avatars route tests share: requests dispatched on a router of
// their own (the harness's fakes behind it) and a profile upload through it.

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "api/api_harness.h"

namespace userimg::avatars::testing {

using api::testing::ApiHarness;
using api::testing::headerOf;
using api::testing::jsonOf;
using api::testing::stringAt;

inline const std::string kPng(fakes::kFakePng);

// `method` `path` on `router`, with this whole Authorization value ("": none).
inline http::Response sendOn(const http::Router& router, const std::string& method,
                             const std::string& path, const std::string& authorization) {
  return router.dispatch(ApiHarness::request(method, path, authorization).request);
}

// A profile image upload (the fake PNG) on `router`; fails unless it is a 200.
inline void uploadProfileOn(const http::Router& router, const std::string& token) {
  http::Response response = router.dispatch(
      ApiHarness::post("/users/me/profile-image", token, {ApiHarness::filePart("file", kPng)})
          .request);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
}

}  // namespace userimg::avatars::testing
