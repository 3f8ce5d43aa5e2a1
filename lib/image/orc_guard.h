#pragma once
// The guard around liborc's code memory. libvips compiles an ORC (SIMD)
// program for each resampling and convolution it builds, and frees it with
// the operation. Debian 12's liborc 0.4.33 does not lock its code-memory
// allocator across threads: two images processed at once can corrupt it
// (userimg-fcgi segfaulted in liborc under concurrent uploads; liborc
// 0.4.34 fixed it, commit e48fa54 "orccodemem: Fix for potential race in
// codemem alloc/free"). ORC itself is worth keeping: it makes the shrink of
// a 12 MP photo about 1.7 times faster.
//
// So userimg's executables define orc_program_compile and orc_program_free
// themselves (exported from the executable, they take precedence over
// liborc's for every library, libvips included) and run liborc's own under
// one process-wide mutex: compiling and freeing are rare and short; running
// the compiled code (orc_executor_run) is not serialised. Linking lib/image
// brings this in (lib/CMakeLists.txt exports the two symbols).

namespace userimg::image {

// How many ORC programs have been compiled through the guard in this
// process (for tests: the guard is in place when libvips' compiles count).
long orcCompilesGuarded();

// True when liborc's orc_program_compile, as libvips' calls resolve it, is
// the guard's (the executable exports it).
bool orcGuardInstalled();

}  // namespace userimg::image
