#pragma once
// Failpoints: named places where a fault test makes this process die on
// purpose, so that a crash at one exact stage (say, after an upload's
// objects are stored and before its record is committed) is reached
// deterministically instead of with sleeps.
//
//   USERIMG_FAILPOINT("upload.stored");
//
// They exist only in builds configured with -DUSERIMG_FAILPOINTS=ON (what
// scripts/test builds); everywhere else the macro is nothing, so a release
// build (scripts/package, bench/run) has no code that a variable could arm.
// In a failpoint build they are armed through the file named by the
// environment variable USERIMG_FAILPOINTS_FILE, read at every hit: one
// "NAME ACTION" per line, ACTION being
//   kill   SIGKILL to this process, as `kill -9` would, after one line to
//          stderr naming the failpoint;
//   pause  the calling thread waits (re-reading the file every 20 ms) until
//          the file no longer pauses NAME, then goes on: a test holds a
//          request at one exact stage (an upload holding its image turn, a
//          transaction before its commit) while it breaks something else;
//   note   nothing but the record below (a test learns that a request got
//          this far, e.g. is waiting in a queue).
// Every armed hit first appends "NAME ACTION\n" to the file's name plus
// ".hits" (one write, O_APPEND), so a test can wait for it. An absent
// variable or file arms nothing. Thread-safe.

namespace userimg::core::failpoint {

// Whether this build has failpoints at all.
bool compiledIn() noexcept;

// Acts on `name` when the failpoints file arms it; otherwise returns.
void hit(const char* name) noexcept;

}  // namespace userimg::core::failpoint

#ifdef USERIMG_FAILPOINTS
#define USERIMG_FAILPOINT(name) ::userimg::core::failpoint::hit(name)
#else
#define USERIMG_FAILPOINT(name) static_cast<void>(0)
#endif
