#pragma once
// Who started this process, as far as userimg-fcgi sizes itself by it.
//
// Apache's mod_fcgid starts the program itself, with the listening socket
// on standard input, and sends each process one request at a time
// (concurrency comes from more processes): there, worker threads beyond one
// only cost memory. spawn-fcgi and systemd also pass a socket on standard
// input but leave concurrency to the process.

namespace userimg::fcgi {

// True when standard input is a listening unix-domain socket and the
// parent process is Apache httpd ("apache2" on Debian, "httpd" elsewhere):
// mod_fcgid's process manager (also through suEXEC, which execs the
// program in place).
bool startedByModFcgid();

}  // namespace userimg::fcgi
