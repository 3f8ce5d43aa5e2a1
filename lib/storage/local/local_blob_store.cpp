#include "storage/local/local_blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <system_error>
#include <thread>

#include "core/fd.h"
#include "storage/key_naming.h"

namespace userimg::storage {
namespace {

using core::Result;
using core::Status;

std::string errnoText(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

// Copies `source` into the open descriptor `out`; returns the byte count or -1.
std::int64_t copyInto(const std::filesystem::path& source, int out) {
  core::UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return -1;
  char buffer[64 * 1024];
  std::int64_t total = 0;
  for (;;) {
    const ssize_t n = ::read(in.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (!core::writeAll(out, buffer, static_cast<std::size_t>(n))) return -1;
    total += n;
  }
  return total;
}

Status syncDirectory(const std::filesystem::path& dir) {
  core::UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
    return Status::storageFailed(errnoText("cannot sync " + dir.string()));
  }
  return Status::ok();
}

}  // namespace

LocalBlobStore::LocalBlobStore(LocalBlobStoreOptions options) : options_(std::move(options)) {
  if (options_.mediaPrefix.empty() || options_.mediaPrefix.back() != '/') {
    options_.mediaPrefix += '/';
  }
}

Result<StoredObject> LocalBlobStore::writeObject(const PutRequest& request) {
  const std::string& folder =
      request.kind == core::ImageKind::kProfile ? options_.profileDir : options_.coverDir;
  StoredObject object;
  object.key = request.key.empty() ? newKey(folder, request.extension) : request.key;
  if (!isWellFormedKey(object.key)) return Status::internal("refusing a malformed storage key");
  const std::filesystem::path target = options_.root / object.key;
  const std::filesystem::path dir = target.parent_path();

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::storageFailed("cannot create " + dir.string() + ": " + ec.message());

  std::string tempName = (dir / ".upload-XXXXXX").string();
  core::UniqueFd out(::mkstemp(tempName.data()));
  if (out.get() < 0)
    return Status::storageFailed(errnoText("cannot create a file in " + dir.string()));
  const std::filesystem::path temp(tempName);
  auto fail = [&](const std::string& why) {
    ::unlink(temp.c_str());
    return Status::storageFailed(why);
  };

  object.bytes = copyInto(request.source, out.get());
  if (object.bytes < 0) return fail(errnoText("cannot copy the upload into " + dir.string()));
  if (::fchmod(out.get(), 0644) != 0) return fail(errnoText("cannot chmod " + temp.string()));
  if (::fsync(out.get()) != 0) return fail(errnoText("cannot sync " + temp.string()));
  if (!out.close()) return fail(errnoText("cannot close " + temp.string()));
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    return fail(errnoText("cannot move the upload to " + target.string()));
  }
  object.url = url(object.key);
  return object;
}

Result<StoredObject> LocalBlobStore::put(const PutRequest& request) {
  auto stored = putAll({&request, 1});
  if (!stored) return stored.status();
  return std::move(stored->front());
}

Result<std::vector<StoredObject>> LocalBlobStore::putAll(std::span<const PutRequest> requests) {
  std::vector<StoredObject> stored;
  stored.reserve(requests.size());
  auto undo = [&](const Status& why) {
    for (const StoredObject& object : stored) ::unlink((options_.root / object.key).c_str());
    return why;
  };
  for (const PutRequest& request : requests) {
    auto object = writeObject(request);
    if (!object) return undo(object.status());
    stored.push_back(std::move(object.value()));
  }
  // A rename is durable once its folder is synced: once per folder (an
  // image and its variants share one) for all of them.
  std::vector<std::filesystem::path> synced;
  for (const StoredObject& object : stored) {
    const std::filesystem::path dir = (options_.root / object.key).parent_path();
    if (std::find(synced.begin(), synced.end(), dir) != synced.end()) continue;
    if (Status done = syncDirectory(dir); !done.isOk()) return undo(done);
    synced.push_back(dir);
  }
  return stored;
}

Status LocalBlobStore::remove(std::string_view key) {
  if (!isWellFormedKey(key)) {
    return Status::internal("refusing to remove a malformed storage key");
  }
  const std::filesystem::path target = options_.root / std::string(key);
  if (::unlink(target.c_str()) != 0 && errno != ENOENT) {
    return Status::storageFailed(errnoText("cannot remove " + target.string()));
  }
  return Status::ok();
}

Status LocalBlobStore::fetch(std::string_view key, const std::filesystem::path& path,
                             std::int64_t maxBytes) {
  if (!isWellFormedKey(key)) return Status::internal("refusing to read a malformed storage key");
  const std::filesystem::path source = options_.root / std::string(key);
  core::UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) {
    if (errno == ENOENT) return Status::notFound("no stored object " + std::string(key));
    return Status::storageFailed(errnoText("cannot open " + source.string()));
  }
  struct stat info {};
  if (::fstat(in.get(), &info) != 0) {
    return Status::storageFailed(errnoText("cannot stat " + source.string()));
  }
  if (!S_ISREG(info.st_mode)) return Status::storageFailed(source.string() + " is not a file");
  if (info.st_size > maxBytes) {
    return Status::storageFailed(source.string() + " is larger than " + std::to_string(maxBytes) +
                                 " bytes");
  }
  core::UniqueFd out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (out.get() < 0) return Status::storageFailed(errnoText("cannot create " + path.string()));
  char buffer[64 * 1024];
  std::int64_t total = 0;
  for (;;) {
    const ssize_t n = ::read(in.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    total += n;
    // The file may grow while it is read: the bound is on what is copied.
    if (n < 0 || total > maxBytes ||
        !core::writeAll(out.get(), buffer, static_cast<std::size_t>(n))) {
      const Status failed = Status::storageFailed(
          n < 0              ? errnoText("cannot read " + source.string())
          : total > maxBytes ? source.string() + " grew past " + std::to_string(maxBytes) + " bytes"
                             : errnoText("cannot write " + path.string()));
      ::unlink(path.c_str());
      return failed;
    }
  }
  if (!out.close()) {
    ::unlink(path.c_str());
    return Status::storageFailed(errnoText("cannot close " + path.string()));
  }
  return Status::ok();
}

Result<std::vector<ListedObject>> LocalBlobStore::list(core::ImageKind kind,
                                                       std::int64_t olderThan) {
  std::vector<ListedObject> found;
  const std::filesystem::path base =
      options_.root / (kind == core::ImageKind::kProfile ? options_.profileDir : options_.coverDir);
  std::error_code ec;
  if (!std::filesystem::exists(base, ec)) return found;
  std::filesystem::recursive_directory_iterator it(base, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    // A ".upload-" file older than the cut-off is the temp file of a put
    // whose process died before its rename (no put writes for that long):
    // listed like an orphan, so that gc removes it (it is never a key).
    struct stat info {};
    if (::stat(it->path().c_str(), &info) != 0) continue;
    if (info.st_mtime >= olderThan) continue;
    found.push_back({std::filesystem::relative(it->path(), options_.root).string(),
                     static_cast<std::int64_t>(info.st_mtime)});
  }
  if (ec) return Status::storageFailed("cannot list " + base.string() + ": " + ec.message());
  return found;
}

std::string LocalBlobStore::url(std::string_view key) const {
  return options_.mediaPrefix + std::string(key);
}

Status LocalBlobStore::probe() {
  // Unique per process and thread, and never a key (keys live in folders),
  // so list() and gc never see it.
  const std::filesystem::path file =
      options_.root / (".userimg-probe-" + std::to_string(::getpid()) + "-" +
                       std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id())));
  core::UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    return Status::storageFailed(
        errnoText("the media root " + options_.root.string() + " is not writable"));
  }
  const bool written = core::writeAll(fd.get(), "ok", 2) && fd.close();
  const int writeErrno = errno;
  if (::unlink(file.c_str()) != 0) {
    return Status::storageFailed(errnoText("cannot remove the probe file " + file.string()));
  }
  if (!written) {
    errno = writeErrno;
    return Status::storageFailed(
        errnoText("cannot write to the media root " + options_.root.string()));
  }
  return Status::ok();
}

}  // namespace userimg::storage
