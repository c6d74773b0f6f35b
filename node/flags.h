// Flags: the command-line options of a node program, "--name value" or
// "--name=value". Reading a flag marks it used; Finish() rejects any flag no
// one read, so a typo is an error rather than a silently ignored option.
// All errors are std::invalid_argument with a message naming the flag.
#ifndef GLOMERS_NODE_FLAGS_H_
#define GLOMERS_NODE_FLAGS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "node/env.h"

namespace glomers {

class Flags {
 public:
  explicit Flags(const std::vector<std::string>& args);

  std::string String(std::string_view name, std::string_view fallback);
  std::int64_t Int(std::string_view name, std::int64_t fallback);
  // "250ms", "1.5s", "800us", or a bare number of milliseconds.
  Micros Duration(std::string_view name, Micros fallback);
  bool Has(std::string_view name) const { return values_.contains(std::string(name)); }

  void Finish() const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> used_;
};

// Parses a duration as Flags::Duration does; throws std::invalid_argument.
Micros ParseDuration(std::string_view text);

}  // namespace glomers

#endif  // GLOMERS_NODE_FLAGS_H_
