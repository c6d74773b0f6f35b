// Durable<State>: persists one lattice (a CRDT state) for a program.
//
// The program merges each delta into its state as usual, then calls
// Save(delta, done): the delta is logged through a Wal and `done` runs once
// it is durable (or with the error that kept it from being so; the program
// must then refuse the write, error 13 or 11, never acknowledge it). One
// burst of Saves costs one sync: the log commits on a zero-delay timer, so
// after the node has handled the input at hand. Once the log holds
// `snapshot_bytes` since the last snapshot, the whole state is snapshotted
// and the log truncated, so disk use stays bounded.
//
// Open() recovers before serving: the snapshot, then every logged delta,
// merged into *state in order. Merging is idempotent, so a delta both in the
// snapshot and in a log it superseded is harmless.
//
// With no FileSystem (Env::Files() null) the state lives in memory only and
// `done` runs at once with ok: the program behaves as before storage.
//
// Reads may see a merged delta before it is durable; a program that must
// not reveal such values waits for `done` before replying to anyone.
#ifndef GLOMERS_NODE_DURABLE_H_
#define GLOMERS_NODE_DURABLE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "node/file_system.h"
#include "node/node.h"
#include "node/wal.h"

namespace glomers {

template <class State>
struct DurableCodec {
  std::function<std::string(const State&)> encode;
  // Null on bytes that are not a State (a bug or a foreign file).
  std::function<std::optional<State>(std::string_view)> decode;
  std::function<void(State&, const State&)> merge;
};

template <class State>
class Durable {
 public:
  using Done = Wal::Done;

  // `name` names the files (no dots); `state` must outlive this object.
  Durable(Node& node, std::string name, State* state, DurableCodec<State> codec,
          std::uint64_t snapshot_bytes = 1 << 20)
      : node_(node), name_(std::move(name)), state_(state), codec_(std::move(codec)),
        snapshot_bytes_(snapshot_bytes) {}
  ~Durable() {
    if (timer_ != 0) node_.Cancel(timer_);
  }
  Durable(const Durable&) = delete;
  Durable& operator=(const Durable&) = delete;

  // Recovers *state from disk. An error (unreadable directory, corrupt
  // snapshot) leaves the program unable to store anything: it should log it
  // and refuse writes, which Save then does by itself.
  IoStatus Open() {
    FileSystem* fs = node_.env().Files();
    if (fs == nullptr) return {};
    Wal::Recovered rec;
    IoStatus s = Wal::Open(fs, name_, [this](std::string_view l) { node_.Log(l); }, &rec, &wal_);
    if (!s.ok()) {
      open_error_ = s;
      node_.Log("durable " + name_ + ": " + s.message());
      return s;
    }
    std::size_t n = 0;
    if (!rec.snapshot.empty() && Merge(rec.snapshot)) ++n;
    for (const std::string& r : rec.records) n += Merge(r) ? 1 : 0;
    node_.Log("durable " + name_ + ": recovered " + std::to_string(n) + " entries");
    return {};
  }

  // Logs `delta` (already merged into *state by the caller).
  void Save(const State& delta, Done done) {
    if (node_.env().Files() == nullptr) {
      if (done) done(IoStatus());
      return;
    }
    if (!wal_) {
      if (done) done(open_error_.ok() ? IoStatus::Error("storage not opened") : open_error_);
      return;
    }
    wal_->Append(codec_.encode(delta), std::move(done));
    if (timer_ == 0) {
      timer_ = node_.After(Micros(0), [this] {
        timer_ = 0;
        Commit();
      });
    }
  }

  // Commits queued deltas now (Save does so on a timer by itself).
  void Commit() {
    if (!wal_) return;
    wal_->Commit();
    if (wal_->error().ok() && wal_->log_bytes() >= snapshot_bytes_) {
      wal_->Snapshot(codec_.encode(*state_));
    }
  }

  const Wal* wal() const { return wal_.get(); }

 private:
  bool Merge(std::string_view bytes) {
    std::optional<State> s = codec_.decode(bytes);
    if (!s) {
      node_.Log("durable " + name_ + ": undecodable entry skipped");
      return false;
    }
    codec_.merge(*state_, *s);
    return true;
  }

  Node& node_;
  std::string name_;
  State* state_;
  DurableCodec<State> codec_;
  std::uint64_t snapshot_bytes_;
  std::unique_ptr<Wal> wal_;
  IoStatus open_error_;
  TimerId timer_ = 0;
};

}  // namespace glomers

#endif  // GLOMERS_NODE_DURABLE_H_
