#pragma once
// StaticLinks: the public images' fast path on local storage (issue 14).
// For each user with a public key, a directory of symbolic links that always
// name the user's current objects, so that the web server answers
// /avatars/<key>?s=N and /covers/<key>?w=N as static files, without the app:
//
//   <media root>/public/avatars/<k2>/<key>/image.jpg -> ../../../../resume/images/ab/<uuid>.jpg
//                                          128.jpg   ->
//                                          ../../../../resume/images/ab/<uuid>-128-0.jpg
//   <media root>/public/covers/<k2>/<key>/640w.jpg   -> ...
//
// (<k2>: the key's first two characters, so no directory holds every user.)
// "image" is the image itself; the other names are its variants' (square
// sizes, cover widths) in the image's own format. The web server maps ?s= /
// ?w= to a name (userimgctl public-conf, avatars/public_conf.h) and falls
// back to the app when no link is there.
//
// Why it is safe:
//   - a link is only ever made from the record as read under the user's lock
//     after a commit, so two racing changes end with the later record's
//     links (the lock serialises every publisher, in every process);
//   - a link that is not there is always right: the app answers, from the
//     record. So links are removed before anything they would make stale
//     (a name in another format, a rotated key) and made after;
//   - a replaced object is removed only after its links were replaced
//     (ImageService, Regenerator). If a process dies in between, the link
//     still names the old object, which exists, until its pending deletion
//     removes it; from then on the link dangles, the web server finds no
//     file and the app answers (and makes the links again: syncIfStale()).
//   - nginx's ETag is the target's mtime and size: when a new target has the
//     old one's, the new target's mtime is moved on a second, so a client
//     revalidating never gets a 304 for a different image.
// Symbolic links, not copies: no bytes are written twice and a deleted
// object can never be served from a copy; relative, so the tree may move.
//
// Thread-safe; processes share it through lock files (flock(2)) under
// <media root>/public/.locks/.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/image_kind.h"
#include "core/result.h"
#include "db/user_repository.h"
#include "service/published_images.h"

namespace userimg::avatars {

class StaticLinks final : public service::PublishedImages {
 public:
  // `users` is borrowed and must outlive this object; `mediaRoot` is the
  // local store's root ([storage] root).
  StaticLinks(db::UserRepository& users, std::filesystem::path mediaRoot);

  void refresh(const std::string& userId, const std::string& knownKey) override;

  // Gives `userId` a new public key through `rotate` (which returns it),
  // under the user's lock: the current key's links are withdrawn first and
  // the new key's made after. Returns what `rotate` returned.
  core::Result<std::string> rotateKey(const std::string& userId,
                                      const std::function<core::Result<std::string>()>& rotate);

  // Refreshes `user`'s links (as refresh()) when those of `kind` do not name
  // exactly the objects of `user`'s record: the app's answer to a request
  // the web server did not find a link for (links of a user who had no
  // change since the feature came, or dangling ones). Cheap when in step:
  // a few readlink(2).
  void syncIfStale(const db::UserRecord& user, core::ImageKind kind);

  // The directory of `publicKey`'s links for `kind` ("" when the key is not
  // spelled like one).
  std::filesystem::path directoryOf(core::ImageKind kind, std::string_view publicKey) const;

  // Removes the whole link tree (the feature turned off: nothing may be
  // served without the app any more).
  static void removeAll(const std::filesystem::path& mediaRoot);

 private:
  class Lock;
  void publishLocked(const std::string& userId, const std::string& knownKey);
  void withdrawLocked(std::string_view publicKey);

  db::UserRepository& users_;
  std::filesystem::path root_;    // the media root
  std::filesystem::path public_;  // root_/public
};

// The name of the directory under the media root that holds the links.
inline constexpr std::string_view kPublicLinksDir = "public";

}  // namespace userimg::avatars
