// User-facing errors. Anything the user can fix (bad config, unreadable file,
// unsupported combination) is thrown as bbg::UserError so the CLI can print
// the message and exit non-zero without a stack trace; everything else is a bug.
#pragma once
#include <stdexcept>
#include <string>

namespace bbg {

class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A configuration value that is not allowed: names the key, the value given
// and what is allowed, e.g.
//   target.lambda = -1: must be >= 0
class ConfigError : public UserError {
 public:
  ConfigError(const std::string& key, const std::string& value, const std::string& allowed)
      : UserError(key + " = " + value + ": " + allowed), key_(key) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

}  // namespace bbg
