#pragma once
// Child processes of the image pipeline benchmark: every measurement runs in
// one, so that peak memory is one image's alone and the CPU time counted is
// exactly the program's (wait4's rusage).

#include <string>
#include <vector>

namespace bench {

struct Run {
  double wallMs = 0;
  double cpuMs = 0;  // user + system of the child, all its threads
  long maxRssKb = 0;
  std::string output;  // the child's standard output
};

// Runs argv to completion with VIPS_CONCURRENCY=threads (and no other VIPS_
// variable); exits the benchmark with status 2 when it fails.
Run spawn(const std::vector<std::string>& args, int threads);

double median(std::vector<double> values);

}  // namespace bench
