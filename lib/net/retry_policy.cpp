#include "net/retry_policy.h"

#include <algorithm>

namespace userimg::net {

int RetryPolicy::backoffBeforeAttemptMs(int attempt) const {
  if (attempt < 2 || initialBackoffMs <= 0) return 0;
  long long pause = initialBackoffMs;
  for (int i = 2; i < attempt && pause < maxBackoffMs; ++i) pause *= 2;
  return static_cast<int>(std::min<long long>(pause, std::max(maxBackoffMs, 0)));
}

bool isRetryableStatus(int status) {
  return status == 429 || status == 420 || (status >= 500 && status <= 599);
}

}  // namespace userimg::net
