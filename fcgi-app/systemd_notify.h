#pragma once
// userimg-fcgi and systemd (libsystemd): the socket a socket unit passes,
// and the state changes a Type=notify service reports.
//
// Only this file and its .cpp know libsystemd. Under systemd the listening
// socket arrives either on standard input (StandardInput=socket, the
// shipped userimg.service) or as fd 3 with LISTEN_FDS/LISTEN_PID
// (systemd-socket-activate, a unit without StandardInput=socket);
// FcgiServer looks for it on standard input only, so takeListenFds() moves
// the second kind there. Without NOTIFY_SOCKET (no systemd, mod_fcgid,
// spawn-fcgi, a shell) the notifications do nothing, and without LISTEN_FDS
// takeListenFds() does nothing.
//
// Call takeListenFds() once from main() before any thread starts (it
// changes file descriptors 0 and 3 and the environment); the notify
// functions are thread-safe and never fail the caller (an error of
// sd_notify is logged at warning level).

#include "core/status.h"

namespace userimg::fcgi::systemd {

// When LISTEN_FDS names this process (LISTEN_PID) and passes one listening
// stream socket, moves it from fd 3 to standard input and removes the
// LISTEN_* variables (no child inherits them). Fails when several sockets
// or something other than a listening stream socket were passed.
core::Status takeListenFds();

// READY=1: the socket is listening and the application is built (call it
// just before serving).
void notifyReady();

// STOPPING=1: a signal started the shutdown (requests in flight are still
// being answered).
void notifyStopping();

}  // namespace userimg::fcgi::systemd
