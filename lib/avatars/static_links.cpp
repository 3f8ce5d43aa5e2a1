#include "avatars/static_links.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <vector>

#include "avatars/public_key.h"
#include "core/log.h"

namespace userimg::avatars {
namespace {

namespace fs = std::filesystem;

constexpr int kLockStripes = 64;
// From <root>/public/<kind>/<k2>/<key>/ back to <root>.
constexpr std::string_view kUpToRoot = "../../../../";
constexpr std::string_view kImageName = "image";
constexpr std::string_view kTempPrefix = ".tmp-";

// One link a user's record asks for: <name>.<extension> -> target.
struct Wanted {
  std::string name;
  std::string extension;
  std::string target;  // relative to the link's directory
};

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A storage key the app made (<dir>/<2 hex>/<uuid>[-...].<ext>): relative,
// no "." or ".." segment, tame characters, an extension. Anything else is
// never linked to.
std::optional<std::string> extensionOfKey(std::string_view key) {
  if (key.empty() || key.front() == '/' || key.size() > 512) return std::nullopt;
  for (const char c : key) {
    if (!isNameChar(c) && c != '/' && c != '-' && c != '_' && c != '.') return std::nullopt;
  }
  std::string_view rest = key;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return std::nullopt;
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  const auto dot = key.rfind('.');
  const auto slash = key.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return std::nullopt;
  }
  const std::string_view extension = key.substr(dot + 1);
  if (extension.empty() || extension.size() > 5) return std::nullopt;
  for (const char c : extension) {
    if (!isNameChar(c)) return std::nullopt;
  }
  return std::string(extension);
}

bool isVariantName(std::string_view name) {
  if (name.empty() || name.size() > 16 || name == kImageName) return false;
  for (const char c : name) {
    if (!isNameChar(c)) return false;
  }
  return true;
}

void addWanted(std::vector<Wanted>& out, std::string_view name, std::string_view key) {
  auto extension = extensionOfKey(key);
  if (!extension) return;
  std::string target(kUpToRoot);
  target += key;
  out.push_back(Wanted{std::string(name), std::move(*extension), std::move(target)});
}

// The links `image` asks for: itself, and each variant stored as an object
// in the image's own format (WebP/AVIF siblings and delivery URLs have none).
std::vector<Wanted> wantedLinks(const std::optional<db::ImageRecord>& image) {
  std::vector<Wanted> out;
  if (!image) return out;
  addWanted(out, kImageName, image->storageKey);
  if (out.empty()) return out;  // not a local object: no links at all
  for (const db::VariantRecord& variant : image->variants) {
    if (!variant.format.empty() || variant.key.empty() || !isVariantName(variant.name)) continue;
    addWanted(out, variant.name, variant.key);
  }
  return out;
}

std::optional<std::string> readLink(const fs::path& link) {
  char buffer[1024];
  const ssize_t n = ::readlink(link.c_str(), buffer, sizeof buffer);
  if (n < 0 || static_cast<std::size_t>(n) >= sizeof buffer) return std::nullopt;
  return std::string(buffer, static_cast<std::size_t>(n));
}

std::string errnoText() {
  return std::strerror(errno);
}

// Removes every entry of `dir`, then `dir` and its shard directory when
// they are empty.
void clearDirectory(const fs::path& dir) {
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (::unlink(it->path().c_str()) != 0 && errno != ENOENT) {
      core::log::warning("public links: cannot remove " + it->path().string() + ": " + errnoText());
    }
  }
  ::rmdir(dir.c_str());
  ::rmdir(dir.parent_path().c_str());  // the shard, once its last key is gone
}

// Moves `target`'s mtime on a second when it equals `previous`'s mtime and
// size: nginx's ETag and Last-Modified would not tell the two apart.
void avoidSameValidators(const fs::path& target, const struct stat& previous) {
  struct stat now {};
  if (::stat(target.c_str(), &now) != 0) return;
  if (now.st_ino == previous.st_ino && now.st_dev == previous.st_dev) return;
  if (now.st_mtim.tv_sec != previous.st_mtim.tv_sec || now.st_size != previous.st_size) return;
  struct timespec times[2];
  times[0].tv_sec = 0;
  times[0].tv_nsec = UTIME_OMIT;
  times[1].tv_sec = previous.st_mtim.tv_sec + 1;
  times[1].tv_nsec = 0;
  if (::utimensat(AT_FDCWD, target.c_str(), times, 0) != 0) {
    core::log::warning("public links: cannot set the mtime of " + target.string() + ": " +
                       errnoText());
  }
}

// Makes `dir` hold exactly `wanted`. Stale names go first, new links come
// after (each made under a temp name and renamed into place).
void syncDirectory(const fs::path& root, const fs::path& dir, const std::vector<Wanted>& wanted) {
  if (wanted.empty()) {
    clearDirectory(dir);
    return;
  }
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    core::log::warning("public links: cannot create " + dir.string() + ": " + error.message());
    return;
  }
  std::vector<bool> kept(wanted.size(), false);
  std::vector<std::optional<struct stat>> previous(wanted.size());
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string file = it->path().filename().string();
    const auto dot = file.rfind('.');
    const std::string name = dot == std::string::npos ? file : file.substr(0, dot);
    const std::string extension = dot == std::string::npos ? "" : file.substr(dot + 1);
    std::size_t match = wanted.size();
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      if (wanted[i].name == name) match = i;
    }
    if (match < wanted.size() && !file.starts_with(kTempPrefix)) {
      if (wanted[match].extension == extension && readLink(it->path()) == wanted[match].target) {
        kept[match] = true;
        continue;
      }
      struct stat old {};
      if (::stat(it->path().c_str(), &old) == 0) previous[match] = old;
    }
    if (::unlink(it->path().c_str()) != 0 && errno != ENOENT) {
      core::log::warning("public links: cannot remove " + it->path().string() + ": " + errnoText());
      return;  // a stale link left in place: make no new one beside it
    }
  }
  if (error) {
    core::log::warning("public links: cannot read " + dir.string() + ": " + error.message());
    return;
  }
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (kept[i]) continue;
    const Wanted& link = wanted[i];
    if (previous[i]) {
      avoidSameValidators(root / link.target.substr(kUpToRoot.size()), *previous[i]);
    }
    const fs::path temp = dir / (std::string(kTempPrefix) + link.name);
    ::unlink(temp.c_str());
    if (::symlink(link.target.c_str(), temp.c_str()) != 0 ||
        ::rename(temp.c_str(), (dir / (link.name + "." + link.extension)).c_str()) != 0) {
      core::log::warning("public links: cannot link " + (dir / link.name).string() + ": " +
                         errnoText());
      ::unlink(temp.c_str());
    }
  }
}

std::uint32_t stripeOf(std::string_view userId) {
  std::uint32_t hash = 2166136261U;
  for (const char c : userId) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619U;
  }
  return hash % kLockStripes;
}

}  // namespace

// An exclusive flock(2) on the user's lock stripe, for as long as it lives.
class StaticLinks::Lock {
 public:
  Lock(const fs::path& publicDir, std::string_view userId) {
    const fs::path locks = publicDir / ".locks";
    std::error_code error;
    fs::create_directories(locks, error);
    const fs::path file = locks / (std::to_string(stripeOf(userId)) + ".lock");
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      core::log::error("public links: cannot open " + file.string() + ": " + errnoText());
      return;
    }
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      core::log::error("public links: cannot lock " + file.string() + ": " + errnoText());
      ::close(fd_);
      fd_ = -1;
      return;
    }
  }
  ~Lock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

StaticLinks::StaticLinks(db::UserRepository& users, fs::path mediaRoot)
    : users_(users), root_(std::move(mediaRoot)), public_(root_ / kPublicLinksDir) {}

fs::path StaticLinks::directoryOf(core::ImageKind kind, std::string_view publicKey) const {
  if (!isPublicKeySpelling(publicKey)) return {};
  const std::string key(publicKey);
  return public_ / (kind == core::ImageKind::kProfile ? "avatars" : "covers") / key.substr(0, 2) /
         key;
}

void StaticLinks::withdrawLocked(std::string_view publicKey) {
  for (const core::ImageKind kind : {core::ImageKind::kProfile, core::ImageKind::kCover}) {
    const fs::path dir = directoryOf(kind, publicKey);
    if (!dir.empty()) clearDirectory(dir);
  }
}

void StaticLinks::publishLocked(const std::string& userId, const std::string& knownKey) {
  auto user = users_.findUser(userId);
  if (!user || !user.value()) {
    if (!user) {
      core::log::warning("public links: cannot read user " + userId +
                         ", their links withdrawn: " + user.status().toString());
    }
    withdrawLocked(knownKey);
    return;
  }
  const db::UserRecord& record = *user.value();
  if (!knownKey.empty() && knownKey != record.publicKey) withdrawLocked(knownKey);
  for (const core::ImageKind kind : {core::ImageKind::kProfile, core::ImageKind::kCover}) {
    const fs::path dir = directoryOf(kind, record.publicKey);
    if (dir.empty()) return;  // no key (a row from before keys): nothing public
    syncDirectory(root_, dir,
                  wantedLinks(kind == core::ImageKind::kProfile ? record.profile : record.cover));
  }
}

void StaticLinks::refresh(const std::string& userId, const std::string& knownKey) {
  const Lock lock(public_, userId);
  if (!lock.held()) {
    withdrawLocked(knownKey);  // best effort: never leave stale links behind
    return;
  }
  publishLocked(userId, knownKey);
}

core::Result<std::string> StaticLinks::rotateKey(
    const std::string& userId, const std::function<core::Result<std::string>()>& rotate) {
  const Lock lock(public_, userId);
  // The key as it is now (a concurrent rotation may have changed it since
  // the caller read it).
  if (auto user = users_.findUser(userId); user && user.value()) {
    withdrawLocked(user.value()->publicKey);
  } else if (!user) {
    return user.status();
  }
  auto key = rotate();
  if (key && lock.held()) publishLocked(userId, key.value());
  return key;
}

void StaticLinks::syncIfStale(const db::UserRecord& user, core::ImageKind kind) {
  const fs::path dir = directoryOf(kind, user.publicKey);
  if (dir.empty()) return;
  const std::vector<Wanted> wanted =
      wantedLinks(kind == core::ImageKind::kProfile ? user.profile : user.cover);
  bool inStep = true;
  if (wanted.empty()) {
    std::error_code error;
    inStep = !fs::exists(dir, error);
  }
  for (const Wanted& link : wanted) {
    struct stat target {};
    const fs::path path = dir / (link.name + "." + link.extension);
    if (readLink(path) != link.target || ::stat(path.c_str(), &target) != 0) {
      inStep = false;
      break;
    }
  }
  if (!inStep) refresh(user.id, user.publicKey);
}

void StaticLinks::removeAll(const fs::path& mediaRoot) {
  const fs::path dir = mediaRoot / kPublicLinksDir;
  std::error_code error;
  if (!fs::exists(dir, error)) return;
  const auto removed = fs::remove_all(dir, error);
  if (error) {
    core::log::warning("public links: cannot remove " + dir.string() + ": " + error.message());
  } else {
    core::log::info("public links: [public] is off, removed " + std::to_string(removed) +
                    " entries under " + dir.string());
  }
}

}  // namespace userimg::avatars
