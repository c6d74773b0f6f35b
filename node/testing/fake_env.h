// FakeEnv: an Env for tests. Time is virtual and moves only when a test
// moves it; emitted messages and log lines are kept for the test to read (or
// handed to a callback, e.g. a TestNetwork); the seed is fixed.
//
// Several FakeEnvs may share one FakeClock, so that the nodes of an
// in-process cluster live in one virtual time.
#ifndef GLOMERS_NODE_TESTING_FAKE_ENV_H_
#define GLOMERS_NODE_TESTING_FAKE_ENV_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "node/env.h"
#include "node/message.h"

namespace glomers::testing {

struct FakeClock {
  // Monotonic time; starts at zero.
  Micros now{0};
  // Wall time is `now` plus this offset. It starts somewhere in 2024 so that
  // values stamped from it look real; a test may change it to make the wall
  // clock jump.
  Micros wall_offset{1'720'000'000'000'000};
};

class FakeEnv : public Env {
 public:
  // An Env with a clock of its own.
  explicit FakeEnv(std::uint64_t seed = 1) : clock_(&own_clock_), seed_(seed) {}
  // An Env on a clock shared with others; `clock` must outlive it.
  FakeEnv(FakeClock* clock, std::uint64_t seed) : clock_(clock), seed_(seed) {}

  Micros Now() override { return clock_->now; }
  Micros WallNow() override { return clock_->now + clock_->wall_offset; }
  void Emit(const Message& msg) override {
    if (on_emit_) {
      on_emit_(msg);
    } else {
      outbox_.push_back(msg);
    }
  }
  void Log(std::string_view line) override { logs_.emplace_back(line); }
  std::uint64_t Seed() override { return seed_; }
  FileSystem* Files() override { return files_; }

  // Gives the node storage; `fs` must outlive the Env (null: none).
  void set_files(FileSystem* fs) { files_ = fs; }
  void Advance(Micros d) { clock_->now += d; }
  FakeClock& clock() { return *clock_; }

  // Sends every later Emit to `fn` instead of the outbox.
  void set_on_emit(std::function<void(const Message&)> fn) { on_emit_ = std::move(fn); }
  // The messages emitted since the last call, oldest first.
  std::vector<Message> TakeOutbox() { return std::exchange(outbox_, {}); }
  const std::vector<std::string>& logs() const { return logs_; }

 private:
  FakeClock own_clock_;
  FakeClock* clock_;
  std::uint64_t seed_;
  std::function<void(const Message&)> on_emit_;
  std::vector<Message> outbox_;
  std::vector<std::string> logs_;
  FileSystem* files_ = nullptr;
};

}  // namespace glomers::testing

#endif  // GLOMERS_NODE_TESTING_FAKE_ENV_H_
