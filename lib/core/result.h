#pragma once
// Result<T>: either a value or a non-OK Status.
//
//   Result<User> r = repo.find(id);
//   if (!r) return r.status();
//   use(r.value());
//
// Accessing value() on a failed Result is a programming error (asserted).

#include <cassert>
#include <utility>
#include <variant>

#include "core/status.h"

namespace userimg::core {

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).isOk() && "a Result needs a value or a failed Status");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // The failure; Status::ok() when the Result holds a value.
  Status status() const { return ok() ? Status::ok() : std::get<Status>(state_); }

  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace userimg::core
