#pragma once
// PublishedImages: copies of users' current images that a web server serves
// without the app (issue 14's fast path; avatars/static_links.h is the one
// implementation). The service tells them after every committed change of a
// user's images, before the objects that change replaced are removed, so a
// published copy never outlives the object it shows while the record still
// names it.
//
// Thread-safe implementations only: every request thread calls refresh().

#include <string>

namespace userimg::service {

class PublishedImages {
 public:
  virtual ~PublishedImages() = default;

  // `userId`'s images changed (committed): make the published copies show
  // the record as it is now. `knownKey` is the user's public key as the
  // caller last read it: when the record cannot be read, that key's copies
  // are withdrawn (a missing copy is always safe: the app answers). Never
  // fails the caller; failures are logged.
  virtual void refresh(const std::string& userId, const std::string& knownKey) = 0;
};

}  // namespace userimg::service
