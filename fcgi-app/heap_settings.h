#pragma once
// The glibc allocator settings userimg-fcgi runs with, set by main() before
// any thread starts:
// - one arena (M_ARENA_MAX 1): each thread that allocates under contention
//   would otherwise get an arena of its own, up to 8 per core, each holding
//   its own free memory, and malloc_trim does not shrink the top of a
//   thread's arena;
// - blocks up to 32 MiB from the arena, not their own mappings
//   (M_MMAP_THRESHOLD), and no trim on free() below 64 MiB free at the top
//   (M_TRIM_THRESHOLD): an upload's image buffers are reused by the next
//   upload instead of mapped, faulted in, cleared and unmapped again;
// - HeapTrim (heap_trim.h) hands the free memory back once no upload is in
//   flight, so that the idle process stays small.
// Measured on a 2-core machine (bench/README.md, peer, 2026-12-08): 12 MP
// profile uploads took 68-70 ms of CPU each instead of 75-76, with 29 page
// faults instead of 3,700-4,500; 100 KB ones 8.7-8.9 ms instead of
// 9.7-9.9; the peak RSS under 8 concurrent uploads fell from 86-87 MB to
// 72-76, the idle RSS after them from 45 to 42-43; GET /users/me at 16
// connections did as many requests per second.
// An operator's own glibc malloc tunables (GLIBC_TUNABLES with a
// glibc.malloc.* entry) take precedence: then none of these is set.

#include <string_view>

namespace userimg::fcgi {

// Whether `glibcTunables` (the GLIBC_TUNABLES variable, empty when unset)
// sets any glibc.malloc tunable.
bool operatorTunesMalloc(std::string_view glibcTunables);

// Applies the settings above unless operatorTunesMalloc(GLIBC_TUNABLES).
// Call once, before any thread starts. Returns whether they were applied.
bool configureHeap();

}  // namespace userimg::fcgi
