#include "avatars/answer_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/log.h"

namespace userimg::avatars {
namespace {

constexpr std::size_t kCounterBytes = sizeof(std::uint64_t);

// Maps `file`'s first 8 bytes shared (creating it, zero, when missing), or
// returns nullptr with `why` set. Made by root (userimgctl run as root), it
// is given to the data directory's owner, so the server's own user can
// still open it.
void* mapCounter(const std::filesystem::path& file, std::string& why) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0660);
  if (fd < 0) {
    why = "cannot open " + file.string() + ": " + std::strerror(errno);
    return nullptr;
  }
  struct stat dir {};
  if (::geteuid() == 0 && ::stat(file.parent_path().c_str(), &dir) == 0 && dir.st_uid != 0) {
    [[maybe_unused]] const int ignored = ::fchown(fd, dir.st_uid, dir.st_gid);
  }
  void* mapping = nullptr;
  struct stat info {};
  if (::fstat(fd, &info) != 0 || (info.st_size < static_cast<off_t>(kCounterBytes) &&
                                  ::ftruncate(fd, static_cast<off_t>(kCounterBytes)) != 0)) {
    why = "cannot size " + file.string() + ": " + std::strerror(errno);
  } else {
    mapping = ::mmap(nullptr, kCounterBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (mapping == MAP_FAILED) {
      why = "cannot map " + file.string() + ": " + std::strerror(errno);
      mapping = nullptr;
    }
  }
  ::close(fd);  // the mapping stays
  return mapping;
}

}  // namespace

AnswerCache::AnswerCache(const std::filesystem::path& generationFile, std::chrono::milliseconds ttl,
                         std::size_t maxEntries, std::function<Clock::time_point()> now)
    : ttl_(ttl), maxEntries_(maxEntries == 0 ? 1 : maxEntries), now_(std::move(now)) {
  std::string why;
  mapping_ = mapCounter(generationFile, why);
  if (mapping_ != nullptr) {
    generation_ = static_cast<std::uint64_t*>(mapping_);
  } else {
    generation_ = &local_;
    core::log::warning("public answer cache: " + why +
                       "; changes made by other processes show after [public] cache_ms");
  }
}

AnswerCache::~AnswerCache() {
  if (mapping_ != nullptr) ::munmap(mapping_, kCounterBytes);
}

std::uint64_t AnswerCache::generation() const {
  return std::atomic_ref<std::uint64_t>(*generation_).load(std::memory_order_acquire);
}

std::optional<AnswerCache::SharedUser> AnswerCache::find(std::string_view publicKey) {
  const std::uint64_t current = generation();
  const Clock::time_point now = now_();
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(publicKey);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.generation != current || it->second.expires <= now) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.user;
}

void AnswerCache::store(std::string_view publicKey, SharedUser user, std::uint64_t readAt) {
  const Clock::time_point now = now_();
  std::lock_guard lock(mutex_);
  // Checked under the lock: an invalidate() after this check is a newer
  // generation, which find() tells from this entry's.
  if (generation() != readAt) return;
  const auto it = entries_.find(publicKey);
  if (it != entries_.end()) {
    it->second = Entry{std::move(user), readAt, now + ttl_};
    return;
  }
  if (entries_.size() >= maxEntries_) {
    std::erase_if(entries_, [&](const auto& entry) {
      return entry.second.expires <= now || entry.second.generation != readAt;
    });
    if (entries_.size() >= maxEntries_) entries_.clear();
  }
  entries_.emplace(std::string(publicKey), Entry{std::move(user), readAt, now + ttl_});
}

void AnswerCache::invalidate() {
  std::atomic_ref<std::uint64_t>(*generation_).fetch_add(1, std::memory_order_acq_rel);
}

std::size_t AnswerCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void Invalidation::refresh(const std::string& userId, const std::string& knownKey) {
  cache_.invalidate();
  if (next_ != nullptr) next_->refresh(userId, knownKey);
}

}  // namespace userimg::avatars
