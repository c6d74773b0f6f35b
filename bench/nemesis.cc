#include "bench/nemesis.h"

#include <algorithm>

namespace glomers::bench {
namespace {

std::size_t Majority(std::size_t n) { return n / 2 + 1; }

std::vector<std::string> Shuffled(std::vector<std::string> nodes, std::mt19937_64& rng) {
  std::shuffle(nodes.begin(), nodes.end(), rng);
  return nodes;
}

// Every node drops messages from every node outside its own component.
Grudge Complete(const std::vector<std::vector<std::string>>& parts) {
  Grudge g;
  for (const auto& part : parts) {
    for (const auto& other : parts) {
      if (&other == &part) continue;
      for (const auto& receiver : part) g[receiver].insert(other.begin(), other.end());
    }
  }
  return g;
}

std::vector<std::vector<std::string>> SplitAt(const std::vector<std::string>& v, std::size_t k) {
  return {std::vector<std::string>(v.begin(), v.begin() + static_cast<long>(k)),
          std::vector<std::string>(v.begin() + static_cast<long>(k), v.end())};
}

}  // namespace

PartitionChoice ChoosePartition(const std::vector<std::string>& nodes, std::mt19937_64& rng) {
  static const char* kSpecs[] = {"one", "minority-third", "majority", "majorities-ring"};
  PartitionChoice c;
  c.spec = kSpecs[std::uniform_int_distribution<int>(0, 3)(rng)];
  const std::size_t n = nodes.size();
  if (c.spec == "one") {
    auto v = Shuffled(nodes, rng);
    c.parts = SplitAt(v, std::min<std::size_t>(1, n));
  } else if (c.spec == "minority-third") {
    // Up to, but not including, a third of the nodes.
    const std::size_t third = n == 0 ? 0 : (n - 1) / 3;
    c.parts = SplitAt(Shuffled(nodes, rng), third);
  } else if (c.spec == "majority") {
    auto v = Shuffled(nodes, rng);
    c.parts = SplitAt(v, n / 2);  // the second part is the majority
  }
  if (c.spec != "majorities-ring") {
    c.parts.erase(std::remove_if(c.parts.begin(), c.parts.end(),
                                 [](const auto& p) { return p.empty(); }),
                  c.parts.end());
    c.grudge = Complete(c.parts);
    return c;
  }
  // Each node sees a majority made of itself and its ring neighbours; no two
  // nodes see the same majority.
  auto ring = Shuffled(nodes, rng);
  const std::size_t m = Majority(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::set<std::string> visible;
    const std::size_t before = (m - 1) / 2;
    for (std::size_t k = 0; k < m; ++k) visible.insert(ring[(i + n - before + k) % n]);
    for (const auto& other : ring) {
      if (!visible.contains(other)) c.grudge[ring[i]].insert(other);
    }
    c.parts.push_back(std::vector<std::string>(visible.begin(), visible.end()));
  }
  return c;
}

std::vector<std::string> ChooseTargets(const std::vector<std::string>& nodes, std::mt19937_64& rng,
                                       std::string* spec) {
  static const char* kSpecs[] = {"subset", "one", "minority-third", "minority", "majority", "all"};
  *spec = kSpecs[std::uniform_int_distribution<int>(0, 5)(rng)];
  auto v = Shuffled(nodes, rng);
  const std::size_t n = v.size();
  std::size_t k = n;
  if (*spec == "subset") k = std::uniform_int_distribution<std::size_t>(1, std::max<std::size_t>(n, 1))(rng);
  if (*spec == "one") k = 1;
  if (*spec == "minority-third") k = n == 0 ? 0 : (n - 1) / 3;
  if (*spec == "minority") k = Majority(n) - 1;
  if (*spec == "majority") k = Majority(n);
  v.resize(std::min(k, n));
  std::sort(v.begin(), v.end());
  return v;
}

std::string DescribeParts(const std::vector<std::vector<std::string>>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += " | ";
    for (std::size_t i = 0; i < part.size(); ++i) out += (i ? " " : "") + part[i];
  }
  return out;
}

}  // namespace glomers::bench
