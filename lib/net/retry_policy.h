#pragma once
// RetryPolicy: how often and how patiently an HttpClient repeats a request
// that failed in a way that may pass (a transport error, 429/420, a 5xx).
// Only requests marked idempotent are repeated. A plain value type.

namespace userimg::net {

struct RetryPolicy {
  // Attempts in all, the first included; 1 disables retries. Default 3.
  int maxAttempts = 3;
  // Pause before the second attempt; doubled before each later one. Default 200 ms.
  int initialBackoffMs = 200;
  // Longest pause between two attempts. Default 2000 ms.
  int maxBackoffMs = 2000;

  // The pause before attempt `attempt` (2, 3, ...): 200, 400, 800, ... ms.
  int backoffBeforeAttemptMs(int attempt) const;
};

// Whether an HTTP status is worth repeating: 429 and Cloudinary's 420 (rate
// limited), and every 5xx. Any other status is the server's final word.
bool isRetryableStatus(int status);

}  // namespace userimg::net
