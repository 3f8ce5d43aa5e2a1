#pragma once
// AnswerCache: the public image routes' memory of who a public key names
// (issue 14), so that GET /avatars/<key> and /covers/<key> answer without a
// database read while nothing changed. On Cloudinary storage (and behind
// Apache, and for users without an image) every public request reaches the
// app, and the read was its whole cost (bench/README.md, "public").
//
// Never stale on one host: every entry carries the generation it was read
// in, and a generation counter shared by every process on the host (a
// memory-mapped 8-byte file, <data dir>/public-cache.generation) moves on
// at every committed change of any user's images or key (Invalidation,
// below: the service's PublishedImages hook, and the key rotation). An
// entry of an older generation is a miss. A read that started before a
// change is never stored after it. Processes on other hosts sharing the
// database do not move this host's counter: for them `ttl` ([public]
// cache_ms, default 1000; 0: no cache) bounds how long an answer may lag.
//
// Thread-safe. Bounded: at most `maxEntries`; when full, expired entries go,
// and if that frees nothing, all of them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/user_repository.h"
#include "service/published_images.h"

namespace userimg::avatars {

class AnswerCache {
 public:
  using Clock = std::chrono::steady_clock;
  // A remembered user, shared with every request that finds it: a hit
  // copies a pointer, not the record's two images and their variant lists.
  // Null: the key names nobody.
  using SharedUser = std::shared_ptr<const db::UserRecord>;

  // `generationFile`: the shared counter (created 0660 when missing); when it
  // cannot be opened or mapped, a counter of this process only is used and a
  // warning logged (other local processes' changes then lag up to `ttl`).
  // `now` is for tests.
  AnswerCache(const std::filesystem::path& generationFile, std::chrono::milliseconds ttl,
              std::size_t maxEntries = 4096, std::function<Clock::time_point()> now = Clock::now);
  ~AnswerCache();
  AnswerCache(const AnswerCache&) = delete;
  AnswerCache& operator=(const AnswerCache&) = delete;

  // The generation now: take it before reading the database, pass it to
  // store().
  std::uint64_t generation() const;

  // The answer remembered for `publicKey` (the user, or null: nobody), or
  // nullopt when there is none that is current.
  std::optional<SharedUser> find(std::string_view publicKey);

  // Remembers `user` for `publicKey`, as read from the database after
  // generation() returned `readAt`; dropped when anything changed since.
  void store(std::string_view publicKey, SharedUser user, std::uint64_t readAt);

  // Something changed: every entry, in every process of the host, is stale.
  void invalidate();

  std::size_t size() const;

 private:
  struct Entry {
    SharedUser user;
    std::uint64_t generation = 0;
    Clock::time_point expires;
  };

  const std::chrono::milliseconds ttl_;
  const std::size_t maxEntries_;
  const std::function<Clock::time_point()> now_;
  // The counter, used through std::atomic_ref: in the shared mapping, or
  // local_ when there is none.
  std::uint64_t* generation_ = nullptr;
  alignas(std::atomic_ref<std::uint64_t>::required_alignment) std::uint64_t local_ = 0;
  void* mapping_ = nullptr;
  mutable std::mutex mutex_;
  // Found by a string_view: a lookup allocates nothing.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };
  std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>> entries_;  // guarded by mutex_
};

// The service's hook (service/published_images.h): invalidates `cache`, then
// passes the change on to `next` (the static links, or none).
class Invalidation final : public service::PublishedImages {
 public:
  Invalidation(AnswerCache& cache, service::PublishedImages* next) : cache_(cache), next_(next) {}
  void refresh(const std::string& userId, const std::string& knownKey) override;

 private:
  AnswerCache& cache_;
  service::PublishedImages* next_;
};

}  // namespace userimg::avatars
