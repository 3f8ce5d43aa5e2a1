#include "metrics/process_collector.h"

#include <prometheus/metric_family.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>

namespace userimg::metrics {
namespace {

// The fields of /proc/self/stat after the command name (which may hold
// spaces and parentheses: everything up to the last ')'). Field 3 of
// proc(5), the state, is element 0.
std::vector<std::string> statFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  const auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  return {std::istream_iterator<std::string>(rest), std::istream_iterator<std::string>()};
}

std::optional<double> bootTime() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value) return value;
    in.ignore(1 << 20, '\n');
  }
  return std::nullopt;
}

std::optional<double> field(const std::vector<std::string>& fields, std::size_t procNumber) {
  const std::size_t at = procNumber - 3;
  if (at >= fields.size()) return std::nullopt;
  try {
    return std::stod(fields[at]);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

prometheus::MetricFamily family(const char* name, const char* help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily out;
  out.name = name;
  out.help = help;
  out.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  out.metric.push_back(metric);
  return out;
}

}  // namespace

ProcessFigures readProcessFigures() {
  ProcessFigures f;
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  {
    std::ifstream statm("/proc/self/statm");
    double size = 0, resident = 0;
    if (statm >> size >> resident) {
      f.virtualBytes = size * page;
      f.residentBytes = resident * page;
    }
  }
  std::error_code ec;
  std::filesystem::directory_iterator fds("/proc/self/fd", ec);
  if (!ec) {
    double count = 0;
    for (auto it = fds; it != std::filesystem::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      ++count;
    }
    // The directory iterator's own descriptor is one of them.
    if (!ec) f.openFds = count > 0 ? count - 1 : 0;
  }
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    f.maxFds = static_cast<double>(limit.rlim_cur);
  }
  const std::vector<std::string> stat = statFields();
  f.threads = field(stat, 20);
  const auto utime = field(stat, 14), stime = field(stat, 15), start = field(stat, 22);
  if (utime && stime && ticks > 0) f.cpuSeconds = (*utime + *stime) / ticks;
  if (const auto boot = bootTime(); boot && start && ticks > 0) {
    f.startTimeSeconds = *boot + *start / ticks;
  }
  return f;
}

void appendProcessFamilies(std::vector<prometheus::MetricFamily>& families) {
  using prometheus::MetricType;
  const ProcessFigures f = readProcessFigures();
  const struct {
    const char* name;
    const char* help;
    MetricType type;
    const std::optional<double>& value;
  } figures[] = {
      {"process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge,
       f.residentBytes},
      {"process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge,
       f.virtualBytes},
      {"process_open_fds", "Number of open file descriptors.", MetricType::Gauge, f.openFds},
      {"process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge, f.maxFds},
      {"process_threads", "Number of OS threads in the process.", MetricType::Gauge, f.threads},
      {"process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
       MetricType::Gauge, f.startTimeSeconds},
      {"process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
       MetricType::Counter, f.cpuSeconds},
  };
  for (const auto& figure : figures) {
    if (figure.value)
      families.push_back(family(figure.name, figure.help, figure.type, *figure.value));
  }
}

}  // namespace userimg::metrics
