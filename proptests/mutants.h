// Deliberately broken lattices, each a correct crdt/ type with one operation
// replaced by a plausible mistake. proptests_mutants runs the lattice laws
// against them and requires the laws to catch every one: a law suite that
// passes a broken lattice proves nothing. Test-only; never use these.
#ifndef GLOMERS_PROPTESTS_MUTANTS_H_
#define GLOMERS_PROPTESTS_MUTANTS_H_

#include <rapidcheck.h>

#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <utility>

#include "glomers/crdt/gcounter.h"
#include "glomers/crdt/gset.h"
#include "glomers/crdt/json.h"
#include "glomers/crdt/pncounter.h"
#include "proptests/crdt_generators.h"

namespace glomers::proptests::mutants {

// Merge adds the other's entries instead of taking the maximum: an op-based
// counter's merge on state-based replicas, which counts a redelivered state
// twice.
class SummingGCounter {
 public:
  SummingGCounter() = default;
  SummingGCounter increment(const std::string& replica, std::uint64_t n) {
    return SummingGCounter(counter_.increment(replica, n));
  }
  void merge(const SummingGCounter& other) {
    for (const auto& [replica, count] : other.counter_.entries()) {
      counter_.set_entry(replica, counter_.entry(replica) + count);
    }
  }
  SummingGCounter difference(const SummingGCounter& known) const {
    return SummingGCounter(counter_.difference(known.counter_));
  }
  bool empty() const { return counter_.empty(); }
  friend bool operator==(const SummingGCounter&, const SummingGCounter&) = default;
  friend bool operator<=(const SummingGCounter& a, const SummingGCounter& b) {
    return a.counter_ <= b.counter_;
  }
  friend void to_json(nlohmann::json& j, const SummingGCounter& c) { j = c.counter_; }
  friend void from_json(const nlohmann::json& j, SummingGCounter& c) {
    c.counter_ = j.get<crdt::GCounter>();
  }

 private:
  explicit SummingGCounter(crdt::GCounter counter) : counter_(std::move(counter)) {}
  crdt::GCounter counter_;
};

// Increment's delta carries the amount added rather than the entry's new
// value: merged into a replica that already has the entry, it is lost.
class AmountDeltaGCounter {
 public:
  AmountDeltaGCounter() = default;
  AmountDeltaGCounter increment(const std::string& replica, std::uint64_t n) {
    const crdt::GCounter real_delta = counter_.increment(replica, n);
    AmountDeltaGCounter delta;
    if (!real_delta.empty()) delta.counter_.set_entry(replica, n);
    return delta;
  }
  void merge(const AmountDeltaGCounter& other) { counter_.merge(other.counter_); }
  AmountDeltaGCounter difference(const AmountDeltaGCounter& known) const {
    return AmountDeltaGCounter(counter_.difference(known.counter_));
  }
  bool empty() const { return counter_.empty(); }
  friend bool operator==(const AmountDeltaGCounter&, const AmountDeltaGCounter&) = default;
  friend bool operator<=(const AmountDeltaGCounter& a, const AmountDeltaGCounter& b) {
    return a.counter_ <= b.counter_;
  }
  friend void to_json(nlohmann::json& j, const AmountDeltaGCounter& c) { j = c.counter_; }
  friend void from_json(const nlohmann::json& j, AmountDeltaGCounter& c) {
    c.counter_ = j.get<crdt::GCounter>();
  }

 private:
  explicit AmountDeltaGCounter(crdt::GCounter counter) : counter_(std::move(counter)) {}
  crdt::GCounter counter_;
};

// Difference sends how far each entry is ahead (mine - known) instead of the
// entry itself: deltas confused with increments.
class SubtractingDifferenceGCounter {
 public:
  SubtractingDifferenceGCounter() = default;
  SubtractingDifferenceGCounter increment(const std::string& replica, std::uint64_t n) {
    return SubtractingDifferenceGCounter(counter_.increment(replica, n));
  }
  void merge(const SubtractingDifferenceGCounter& other) { counter_.merge(other.counter_); }
  SubtractingDifferenceGCounter difference(const SubtractingDifferenceGCounter& known) const {
    SubtractingDifferenceGCounter out;
    for (const auto& [replica, count] : counter_.entries()) {
      const std::uint64_t known_count = known.counter_.entry(replica);
      if (count > known_count) out.counter_.set_entry(replica, count - known_count);
    }
    return out;
  }
  bool empty() const { return counter_.empty(); }
  friend bool operator==(const SubtractingDifferenceGCounter&,
                         const SubtractingDifferenceGCounter&) = default;
  friend bool operator<=(const SubtractingDifferenceGCounter& a,
                         const SubtractingDifferenceGCounter& b) {
    return a.counter_ <= b.counter_;
  }
  friend void to_json(nlohmann::json& j, const SubtractingDifferenceGCounter& c) { j = c.counter_; }
  friend void from_json(const nlohmann::json& j, SubtractingDifferenceGCounter& c) {
    c.counter_ = j.get<crdt::GCounter>();
  }

 private:
  explicit SubtractingDifferenceGCounter(crdt::GCounter counter) : counter_(std::move(counter)) {}
  crdt::GCounter counter_;
};

// Orders counters by value instead of pointwise on both halves: a decrement
// then looks like going back in time, and merges like losing information.
class ValueOrderedPNCounter {
 public:
  ValueOrderedPNCounter() = default;
  ValueOrderedPNCounter add(const std::string& replica, std::int64_t n) {
    return ValueOrderedPNCounter(counter_.add(replica, n));
  }
  void merge(const ValueOrderedPNCounter& other) { counter_.merge(other.counter_); }
  ValueOrderedPNCounter difference(const ValueOrderedPNCounter& known) const {
    return ValueOrderedPNCounter(counter_.difference(known.counter_));
  }
  bool empty() const { return counter_.empty(); }
  friend bool operator==(const ValueOrderedPNCounter&, const ValueOrderedPNCounter&) = default;
  friend bool operator<=(const ValueOrderedPNCounter& a, const ValueOrderedPNCounter& b) {
    return a.counter_.value() <= b.counter_.value();
  }
  friend void to_json(nlohmann::json& j, const ValueOrderedPNCounter& c) { j = c.counter_; }
  friend void from_json(const nlohmann::json& j, ValueOrderedPNCounter& c) {
    c.counter_ = j.get<crdt::PNCounter>();
  }

 private:
  explicit ValueOrderedPNCounter(crdt::PNCounter counter) : counter_(std::move(counter)) {}
  crdt::PNCounter counter_;
};

// Merge skips the other set's largest element: an off-by-one in a loop over
// the other's elements.
class OffByOneMergeGSet {
 public:
  OffByOneMergeGSet() = default;
  OffByOneMergeGSet insert(const std::string& x) { return OffByOneMergeGSet(set_.insert(x)); }
  void merge(const OffByOneMergeGSet& other) {
    if (other.set_.empty()) return;
    for (auto it = other.set_.begin(); std::next(it) != other.set_.end(); ++it) set_.insert(*it);
  }
  OffByOneMergeGSet difference(const OffByOneMergeGSet& known) const {
    return OffByOneMergeGSet(set_.difference(known.set_));
  }
  bool empty() const { return set_.empty(); }
  friend bool operator==(const OffByOneMergeGSet&, const OffByOneMergeGSet&) = default;
  friend bool operator<=(const OffByOneMergeGSet& a, const OffByOneMergeGSet& b) {
    return a.set_ <= b.set_;
  }
  friend void to_json(nlohmann::json& j, const OffByOneMergeGSet& s) { j = s.set_; }
  friend void from_json(const nlohmann::json& j, OffByOneMergeGSet& s) {
    s.set_ = j.get<crdt::GSet<std::string>>();
  }

 private:
  explicit OffByOneMergeGSet(crdt::GSet<std::string> set) : set_(std::move(set)) {}
  crdt::GSet<std::string> set_;
};

// Difference with its arguments swapped: what `known` has that *this lacks.
class SwappedDifferenceGSet {
 public:
  SwappedDifferenceGSet() = default;
  SwappedDifferenceGSet insert(const std::string& x) {
    return SwappedDifferenceGSet(set_.insert(x));
  }
  void merge(const SwappedDifferenceGSet& other) { set_.merge(other.set_); }
  SwappedDifferenceGSet difference(const SwappedDifferenceGSet& known) const {
    return SwappedDifferenceGSet(known.set_.difference(set_));
  }
  bool empty() const { return set_.empty(); }
  friend bool operator==(const SwappedDifferenceGSet&, const SwappedDifferenceGSet&) = default;
  friend bool operator<=(const SwappedDifferenceGSet& a, const SwappedDifferenceGSet& b) {
    return a.set_ <= b.set_;
  }
  friend void to_json(nlohmann::json& j, const SwappedDifferenceGSet& s) { j = s.set_; }
  friend void from_json(const nlohmann::json& j, SwappedDifferenceGSet& s) {
    s.set_ = j.get<crdt::GSet<std::string>>();
  }

 private:
  explicit SwappedDifferenceGSet(crdt::GSet<std::string> set) : set_(std::move(set)) {}
  crdt::GSet<std::string> set_;
};

// Printers for counterexamples, as JSON.
template <class Mutant>
void showValue(const Mutant& x, std::ostream& os) requires requires {
  nlohmann::json(x);
}
{ show_as_json(x, os); }

// Specs: the same mutations as the correct types they break.
template <class Mutant>
struct CounterSpec {
  using Lattice = Mutant;
  using Mutation = GCounterSpec<std::string>::Mutation;
  static rc::Gen<Mutation> mutation() { return GCounterSpec<std::string>::mutation(); }
  static Lattice apply(Lattice& x, const Mutation& m) { return x.increment(m.first, m.second); }
};

struct PNCounterMutantSpec {
  using Lattice = ValueOrderedPNCounter;
  using Mutation = PNCounterSpec<std::string>::Mutation;
  static rc::Gen<Mutation> mutation() { return PNCounterSpec<std::string>::mutation(); }
  static Lattice apply(Lattice& x, const Mutation& m) { return x.add(m.first, m.second); }
};

template <class Mutant>
struct SetSpec {
  using Lattice = Mutant;
  using Mutation = std::string;
  static rc::Gen<Mutation> mutation() { return GSetSpec<std::string>::mutation(); }
  static Lattice apply(Lattice& x, const Mutation& m) { return x.insert(m); }
};

}  // namespace glomers::proptests::mutants

namespace rc {

// Mutant states are built through their own mutators, like the real types'.
template <>
struct Arbitrary<glomers::proptests::mutants::SummingGCounter> {
  static auto arbitrary() {
    using namespace glomers::proptests::mutants;
    return glomers::proptests::states_by_mutation<CounterSpec<SummingGCounter>>();
  }
};
template <>
struct Arbitrary<glomers::proptests::mutants::AmountDeltaGCounter> {
  static auto arbitrary() {
    using namespace glomers::proptests::mutants;
    return glomers::proptests::states_by_mutation<CounterSpec<AmountDeltaGCounter>>();
  }
};
template <>
struct Arbitrary<glomers::proptests::mutants::SubtractingDifferenceGCounter> {
  static auto arbitrary() {
    using namespace glomers::proptests::mutants;
    return glomers::proptests::states_by_mutation<CounterSpec<SubtractingDifferenceGCounter>>();
  }
};
template <>
struct Arbitrary<glomers::proptests::mutants::ValueOrderedPNCounter> {
  static auto arbitrary() {
    return glomers::proptests::states_by_mutation<
        glomers::proptests::mutants::PNCounterMutantSpec>();
  }
};
template <>
struct Arbitrary<glomers::proptests::mutants::OffByOneMergeGSet> {
  static auto arbitrary() {
    using namespace glomers::proptests::mutants;
    return glomers::proptests::states_by_mutation<SetSpec<OffByOneMergeGSet>>();
  }
};
template <>
struct Arbitrary<glomers::proptests::mutants::SwappedDifferenceGSet> {
  static auto arbitrary() {
    using namespace glomers::proptests::mutants;
    return glomers::proptests::states_by_mutation<SetSpec<SwappedDifferenceGSet>>();
  }
};

}  // namespace rc

#endif  // GLOMERS_PROPTESTS_MUTANTS_H_
