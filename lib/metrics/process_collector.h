#pragma once
// The standard process_* metrics of a Prometheus client, read from /proc
// at scrape time: process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds,
// process_threads, process_start_time_seconds and
// process_cpu_seconds_total. Linux only; a figure that cannot be read is
// left out of the scrape rather than reported as 0. Thread-safe (reads
// only), never throws.

#include <cstdint>
#include <optional>
#include <vector>

namespace prometheus {
struct MetricFamily;
}

namespace userimg::metrics {

struct ProcessFigures {
  std::optional<double> residentBytes;
  std::optional<double> virtualBytes;
  std::optional<double> openFds;
  std::optional<double> maxFds;
  std::optional<double> threads;
  std::optional<double> startTimeSeconds;  // since the epoch
  std::optional<double> cpuSeconds;        // user + system
};

// This process's figures, now.
ProcessFigures readProcessFigures();

// Appends one family per figure read to `families`.
void appendProcessFamilies(std::vector<prometheus::MetricFamily>& families);

}  // namespace userimg::metrics
