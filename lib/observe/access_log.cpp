#include "observe/access_log.h"

#include <cstdio>
#include <string>

#include "core/log.h"

namespace userimg::observe {

void AccessLog::observe(const RequestRecord& record) noexcept {
  try {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", record.seconds * 1000.0);
    const std::string status = std::to_string(record.status);
    const std::string bytesIn = std::to_string(record.bytesIn);
    const std::string bytesOut = std::to_string(record.bytesOut);
    const core::log::Field requestId{"request_id", record.requestId};
    const core::log::Field method{"method", record.method};
    const core::log::Field route{"route", record.route};
    const core::log::Field statusField{"status", status, true};
    const core::log::Field durationField{"duration_ms", duration, true};
    const core::log::Field in{"bytes_in", bytesIn, true};
    const core::log::Field out{"bytes_out", bytesOut, true};
    const core::log::Field outcome{"outcome", record.outcome};
    if (options_.userIds) {
      core::log::access({requestId,
                         method,
                         route,
                         statusField,
                         durationField,
                         in,
                         out,
                         outcome,
                         {"user_id", record.userId}});
    } else {
      core::log::access({requestId, method, route, statusField, durationField, in, out, outcome});
    }
  } catch (...) {
    // Out of memory formatting the line: the request is answered anyway.
  }
}

}  // namespace userimg::observe
