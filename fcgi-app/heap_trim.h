#pragma once
// HeapTrim: when a worker hands the heap memory glibc keeps free back to the
// kernel (malloc_trim). Decoding an image takes tens of MB that would
// otherwise stay in the process's arenas, idle, after the load
// (bench/README.md, workload 6). But a trim after every upload makes the
// next upload fault those pages in and clear them again: under a steady
// load of 100 KB uploads the trims' madvise and the faults after them were
// about a tenth of the machine's CPU (bench/README.md, peer, 2026-12-07).
// So the worker that finishes the last upload in flight trims: once the
// load stops, and between uploads on a quiet server; under a steady load
// the arenas stay warm and hold no more than the uploads in flight use.

#include <atomic>

namespace userimg::fcgi {

class HeapTrim {
 public:
  // A request with a body (an upload) has begun.
  void uploadBegun() { inFlight_.fetch_add(1, std::memory_order_relaxed); }
  // That upload has been answered. True when no other upload is in flight:
  // the caller trims now.
  bool uploadEnded() { return inFlight_.fetch_sub(1, std::memory_order_acq_rel) == 1; }

 private:
  std::atomic<int> inFlight_{0};
};

}  // namespace userimg::fcgi
