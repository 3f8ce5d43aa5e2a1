target_sources(userimg_unit_tests PRIVATE
  auth/base64url_test.cpp
  auth/hmac_test.cpp
  auth/jwt_verifier_test.cpp
  auth/token_cache_test.cpp
  auth/token_issuer_test.cpp
)
userimg_unit_test(auth)
