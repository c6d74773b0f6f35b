#include "node/flags.h"

#include <cmath>
#include <stdexcept>

namespace glomers {

Flags::Flags(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      throw std::invalid_argument("unexpected argument \"" + arg + "\"");
    }
    std::string name;
    std::string value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(2, eq - 2);
      value = arg.substr(eq + 1);
    } else {
      name = arg.substr(2);
      if (i + 1 >= args.size()) throw std::invalid_argument("flag --" + name + " needs a value");
      value = args[++i];
    }
    values_[name] = value;
  }
}

std::string Flags::String(std::string_view name, std::string_view fallback) {
  used_.emplace(name);
  auto it = values_.find(name);
  return it == values_.end() ? std::string(fallback) : it->second;
}

std::int64_t Flags::Int(std::string_view name, std::int64_t fallback) {
  used_.emplace(name);
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  std::size_t used = 0;
  std::int64_t v = 0;
  try {
    v = std::stoll(it->second, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != it->second.size()) {
    throw std::invalid_argument("flag --" + std::string(name) + " must be an integer, got \"" +
                                it->second + "\"");
  }
  return v;
}

Micros Flags::Duration(std::string_view name, Micros fallback) {
  used_.emplace(name);
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  try {
    return ParseDuration(it->second);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("flag --" + std::string(name) + ": " + e.what());
  }
}

void Flags::Finish() const {
  for (const auto& [name, value] : values_) {
    if (!used_.contains(name)) throw std::invalid_argument("unknown flag --" + name);
  }
}

Micros ParseDuration(std::string_view text) {
  std::string s(text);
  std::size_t used = 0;
  double number = 0;
  try {
    number = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = s.substr(used);
  double scale = 0;
  if (unit.empty() || unit == "ms") {
    scale = 1e3;
  } else if (unit == "s") {
    scale = 1e6;
  } else if (unit == "us") {
    scale = 1;
  }
  if (used == 0 || scale == 0 || !std::isfinite(number) || number < 0 || number * scale > 1e15) {
    throw std::invalid_argument("bad duration \"" + s + "\" (try 250ms, 1s, 800us)");
  }
  return Micros(static_cast<std::int64_t>(std::llround(number * scale)));
}

}  // namespace glomers
