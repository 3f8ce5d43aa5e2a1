target_sources(userimg PRIVATE
  auth/base64url.cpp
  auth/claims.cpp
  auth/hmac.cpp
  auth/jwt_verifier.cpp
  auth/token_cache.cpp
  auth/token_issuer.cpp
)
