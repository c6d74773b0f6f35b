// Replicator<L>: carries one delta-state lattice between nodes.
//
// Delta anti-entropy with per-neighbour acknowledgements (Almeida, Shoker and
// Baquero, "Delta State Replicated Data Types", 2018, algorithm 2, with the
// "back-propagation" and "remove-redundant" refinements of Enes et al.):
//
//  * Every change (a local mutation, or the part of a received delta that was
//    new here) is appended to a log under a sequence number, with the peer it
//    came from.
//  * For each peer the replicator remembers `sent` and `acked`: the highest
//    sequence number sent to it and the highest it confirmed. A send carries
//    the join of the log entries in (sent, head], leaving out entries that
//    came from that very peer, labelled with the range it covers.
//  * A receiver merges what is new, acknowledges the ranges it holds
//    contiguously (the ack rides on its next delta to that peer, or goes
//    alone after `ack_delay`), and logs the new part for its other peers.
//  * Unacknowledged ranges are resent after `retransmit_after` (go-back-N).
//    A peer that stays silent past that is suspected cut off: it then gets
//    the resend at every tick until it acknowledges, so that a healed
//    partition is crossed within one interval and a hop. A resend asks for
//    an ack at once, which ends the suspicion one hop later.
//    Suspicion lasts until the peer acks what the last resend carried (an
//    ack from across a healed cut may cover less), and a resend received
//    from a peer that owes us an ack makes us resend to it too.
//  * A receiver that sees a gap (a range starting past what it holds) asks
//    for the missing part at once with a nack, so a loss is repaired by the
//    first message that crosses after it, not by the timer.
//  * A stale ack (one the peer sent well after our oldest unacknowledged
//    send should have reached it, judged by the shortest round trip seen,
//    and at least an interval late) makes us go back at once. A loss seen
//    right after a silence from every peer longer than an interval means
//    this node was likely cut off: it goes back for every peer whose ack
//    is overdue, since peers with nothing more to say would not show the
//    loss before the timeout. So a cut shorter than `retransmit_after` is
//    crossed about an interval and two hops after it heals, as long as
//    some message crosses it.
//  * Entries every peer acknowledged are dropped. A peer that falls behind
//    the log (more than `max_log` entries outstanding) gets the full state.
//  * A restarted peer is told apart by its incarnation (its wall-clock start
//    time): it gets everything again, and stale messages from before its
//    restart are ignored. Until a peer has acknowledged something of this
//    incarnation, the node greets it every `retransmit_after` (a message
//    with neither delta nor ack, answered with an ack), so that a restarted
//    node with nothing to say still makes its peers resend what they have.
//
// Sends happen on a periodic tick (`interval`); with `send_local_at_once` a
// local mutation goes out immediately. `relay` forwards what one peer sent to
// the others: needed for every topology but a complete graph. With
// `align_ticks` the ticks fall on multiples of `interval` of the wall clock,
// so that all nodes' batches leave together; with `forward_after` set, what
// arrives from one peer is forwarded to the others that long after it
// arrived (gathering whatever else arrives meanwhile), not at the next tick.
// Together they make a hub forward every leaf's batch of one tick in one
// message per leaf, one hop after the batches left.
//
// L must be a crdt::DeltaLattice with nlohmann JSON adapters
// (glomers/crdt/json.h). Single-threaded, like the Node it runs on.
#ifndef GLOMERS_NODE_REPLICATOR_H_
#define GLOMERS_NODE_REPLICATOR_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "glomers/crdt/json.h"
#include "glomers/crdt/lattice.h"
#include "node/fields.h"
#include "node/node.h"

namespace glomers {

struct ReplicatorOptions {
  std::string type = "sync";        // body type of replication messages
  Micros interval = 100ms;          // period of batched sends
  bool send_local_at_once = false;  // a local change leaves at once, not at the next tick
  bool relay = true;                // forward what one peer sent to the other peers
  Micros ack_delay = 100ms;         // an ack waits this long for a delta to ride on
  Micros retransmit_after = 1s;     // resend what is unacknowledged after this long
  std::size_t max_log = 100000;     // log entries kept for peers that lag behind
  bool align_ticks = false;         // ticks at multiples of `interval` of the wall clock
  Micros forward_after{-1};         // forward remote changes this long after arrival (< 0: at the tick)
};

struct ReplicatorStats {
  std::uint64_t delta_messages = 0;   // messages carrying log entries
  std::uint64_t full_states = 0;      // messages carrying the whole state
  std::uint64_t pure_acks = 0;        // messages carrying only an ack
  std::uint64_t retransmits = 0;      // sends that went back to the last ack
  std::uint64_t nacks = 0;            // gaps reported to the sender at once
  std::uint64_t greetings = 0;        // messages telling a peer we exist
  std::uint64_t bad_messages = 0;     // undecodable sync messages dropped
};

template <crdt::DeltaLattice L>
class Replicator {
 public:
  Replicator(Node& node, ReplicatorOptions options)
      : node_(node), options_(std::move(options)) {
    incarnation_ = static_cast<std::uint64_t>(node_.env().WallNow().count());
    node_.Handle(options_.type, [this](const Message& m) { Receive(m); });
    if (options_.align_ticks) {
      const std::int64_t period = options_.interval.count();
      const std::int64_t wall = node_.env().WallNow().count();
      const Micros first{period - ((wall % period) + period) % period};
      tick_ = node_.After(first, [this] {
        tick_ = node_.Every(options_.interval, [this] { Tick(); });
        Tick();
      });
    } else {
      tick_ = node_.Every(options_.interval, [this] { Tick(); });
    }
  }
  ~Replicator() {
    node_.Cancel(tick_);
    if (forward_timer_ != 0) node_.Cancel(forward_timer_);
  }
  Replicator(const Replicator&) = delete;
  Replicator& operator=(const Replicator&) = delete;

  // The peers this node pushes its changes to. Keeps what is known of peers
  // that remain; new peers start from nothing.
  void SetPeers(const std::vector<std::string>& peers) {
    for (auto& [id, p] : peers_) p.outbound = false;
    for (const std::string& id : peers) {
      if (id != node_.id()) PeerFor(id).outbound = true;
    }
  }

  const L& state() const { return state_; }

  // Applies a local mutation: `mutator(state)` changes the state in place and
  // returns its delta, which is then replicated.
  template <class Mutator>
  void Mutate(Mutator&& mutator) {
    Record(std::forward<Mutator>(mutator)(state_), kLocal);
  }

  // Merges a delta obtained some other way (already a lattice value).
  void Apply(const L& delta) {
    L novel = delta.difference(state_);
    state_.merge(novel);
    Record(std::move(novel), kLocal);
  }

  // Runs after a remote delta changed the state, with the part that was new.
  void OnRemoteChange(std::function<void(const L& novel)> fn) { on_remote_ = std::move(fn); }

  const ReplicatorStats& stats() const { return stats_; }
  std::size_t log_size() const { return log_.size(); }

 private:
  static constexpr int kLocal = -1;

  struct Peer {
    int index = 0;
    bool outbound = false;          // we push our log to it
    std::uint64_t incarnation = 0;  // its latest incarnation seen
    std::uint64_t received = 0;     // we hold its log through here
    std::map<std::uint64_t, std::uint64_t> early;  // ranges past `received`, from -> to
    bool ack_owed = false;
    Micros ack_owed_since{0};
    std::uint64_t acked = 0;  // it holds our log through here
    std::uint64_t sent = 0;   // we sent our log through here
    // The highest ack it sent us. Below `acked` when we skipped ranges made
    // only of its own changes: it holds those, but its count of our log
    // does not cover them until a later send's range does.
    std::uint64_t confirmed = 0;
    std::uint64_t next_from = 0;      // the "from" label of our next send
    bool lost_state = false;          // it restarted and has not acked our full state
    std::uint64_t full_state_to = 0;  // the range of the last full state we sent it
    bool knows_us = false;            // it acked something of our incarnation
    // Since when we wait for its ack: to what we sent, or, while it does
    // not know us, to anything.
    Micros waiting_since{0};
    bool suspect = false;  // its ack timed out: resend at every tick until one comes
    std::uint64_t retry_to = 0;  // the end of our last go-back's range
    bool retry_next = false;  // the next send goes back to its ack and asks for one at once
    Micros went_back{-1'000'000'000};  // when we last went back to its ack
    std::uint64_t nacked_at = ~std::uint64_t{0};  // our `received` when we last nacked
    Micros last_sent_at{0};  // when we last sent it a delta
    // The shortest time seen from a send to the ack covering it: a round
    // trip (0: none seen yet).
    Micros min_rtt{0};
  };
  struct Entry {
    std::uint64_t seq;
    int origin;  // peer index, or kLocal
    L delta;
  };

  Peer& PeerFor(const std::string& id) {
    auto [it, inserted] = peers_.try_emplace(id);
    if (inserted) {
      it->second.index = static_cast<int>(peer_ids_.size());
      it->second.waiting_since = node_.now();
      peer_ids_.push_back(id);
    }
    return it->second;
  }

  void Record(L novel, int origin) {
    if (novel.empty()) return;
    if (origin == kLocal || options_.relay) {
      log_.push_back(Entry{++head_, origin, std::move(novel)});
      if (log_.size() > options_.max_log) log_.pop_front();
    }
    if (origin == kLocal && options_.send_local_at_once) {
      PushAll();
    } else if (origin != kLocal && options_.relay && options_.forward_after.count() >= 0 &&
               forward_timer_ == 0) {
      forward_timer_ = node_.After(options_.forward_after, [this] { Forward(); });
    }
  }

  // Sends what arrived from some peers to the others (with anything local
  // that waits too); a peer with nothing relayed to get waits for the tick.
  void Forward() {
    forward_timer_ = 0;
    for (auto& [id, p] : peers_) {
      if (!p.outbound) continue;
      auto it = std::upper_bound(log_.begin(), log_.end(), p.sent,
                                 [](std::uint64_t s, const Entry& e) { return s < e.seq; });
      // A named copy: clang before 16 cannot capture a structured binding.
      const int peer_index = p.index;
      const bool relayed = std::any_of(it, log_.end(), [peer_index](const Entry& e) {
        return e.origin != kLocal && e.origin != peer_index;
      });
      if (relayed) {
        Push(id, p, node_.now());
        last_forward_ = node_.now();
      }
    }
  }

  void PushAll() {
    for (auto& [id, p] : peers_) {
      if (p.outbound) Push(id, p, node_.now());
    }
  }

  std::uint64_t FirstLogged() const { return log_.empty() ? head_ + 1 : log_.front().seq; }

  void Tick() {
    const Micros now = node_.now();
    // A node that forwarded within the last interval sent its own changes
    // then; they wait for the next forward, or the tick after.
    const bool forwarded = options_.forward_after.count() >= 0 && last_forward_.count() > 0 &&
                           now - last_forward_ < options_.interval;
    for (auto& [id, p] : peers_) {
      if (p.outbound) {
        if (!forwarded) Push(id, p, now);
        if (!p.knows_us && now - p.waiting_since >= options_.retransmit_after) {
          p.waiting_since = now;
          ++stats_.greetings;
          node_.Send(id, Header());
        }
      }
      if (p.ack_owed && now - p.ack_owed_since >= options_.ack_delay) SendPureAck(id, p);
    }
    Collect();
  }

  // Sends peer `p` whatever of the log it has not been sent, going back to
  // its last ack when that has been outstanding too long.
  void Push(const std::string& id, Peer& p, Micros now) {
    bool retry = false;
    if (p.acked < p.sent) {
      // Suspected peers are retried every tick (half an interval allows
      // for the timer's jitter); others after the full timeout.
      // (An ack that advances only partly leaves a suspected peer
      // suspected, and its retries keep their pace.)
      const bool due = p.suspect ? now - p.went_back >= options_.interval / 2
                                 : now - p.waiting_since >= options_.retransmit_after;
      if (p.retry_next || due) {
        p.suspect = true;
        p.sent = p.acked;
        p.next_from = p.confirmed;
        p.went_back = now;
        p.retry_to = head_;
        retry = true;
        ++stats_.retransmits;
      }
    }
    p.retry_next = false;
    if (p.sent >= head_) return;
    Json body = Header();
    if (p.lost_state || p.sent + 1 < FirstLogged()) {
      body["from"] = 0;
      body["delta"] = state_;
      p.full_state_to = head_;
      ++stats_.full_states;
    } else {
      L batch;
      for (auto it = std::upper_bound(log_.begin(), log_.end(), p.sent,
                                      [](std::uint64_t s, const Entry& e) { return s < e.seq; });
           it != log_.end(); ++it) {
        if (it->origin != p.index) batch.merge(it->delta);
      }
      if (batch.empty()) {
        // Everything new came from this peer itself: it holds it already.
        // `next_from` stays, so our next send's range covers this one too.
        if (p.acked >= p.sent) p.acked = head_;
        p.sent = head_;
        return;
      }
      body["from"] = p.next_from;
      body["delta"] = std::move(batch);
      ++stats_.delta_messages;
    }
    body["to"] = head_;
    if (retry) body["retry"] = true;
    AddAck(p, body);
    // The retransmit timer runs from the oldest unacknowledged send, so a
    // stream of new sends cannot postpone it forever.
    if (p.acked >= p.sent) p.waiting_since = now;
    p.sent = head_;
    p.next_from = head_;
    p.last_sent_at = now;
    node_.Send(id, std::move(body));
  }

  Json Header() const { return Json{{"type", options_.type}, {"inc", incarnation_}}; }

  static void AddAck(Peer& p, Json& body) {
    if (p.incarnation == 0) return;  // nothing received from it yet
    body["ack"] = p.received;
    body["ack_inc"] = p.incarnation;
    p.ack_owed = false;
  }

  static std::uint64_t Unsigned(const Json& body, const char* name) {
    const std::int64_t v = fields::Int(body, name);
    if (v < 0) throw RpcError(ErrorCode::kMalformedRequest, std::string(name) + " is negative");
    return static_cast<std::uint64_t>(v);
  }

  void Receive(const Message& m) {
    if (m.src == node_.id()) return;
    L delta;
    std::uint64_t inc = 0, from = 0, to = 0, ack = 0, ack_inc = 0;
    const bool has_delta = m.body.contains("delta");
    const bool has_ack = m.body.contains("ack");
    try {
      inc = Unsigned(m.body, "inc");
      if (has_delta) {
        from = Unsigned(m.body, "from");
        to = Unsigned(m.body, "to");
        delta = m.body.at("delta").template get<L>();
      }
      if (has_ack) {
        ack = Unsigned(m.body, "ack");
        ack_inc = Unsigned(m.body, "ack_inc");
      }
    } catch (const std::exception& e) {
      ++stats_.bad_messages;
      node_.Log(std::string("dropping bad ") + options_.type + " message from " + m.src + ": " +
                e.what());
      return;
    }

    Peer& p = PeerFor(m.src);
    if (inc < p.incarnation) return;  // sent before that peer restarted
    // The first message after a silence from every peer longer than an
    // interval: perhaps this node was cut off, and the cut healed.
    if (node_.now() - last_heard_ > options_.interval) woke_at_ = node_.now();
    last_heard_ = node_.now();
    if (inc > p.incarnation) {
      if (p.incarnation != 0) {
        // The peer restarted and lost everything, including what it sent
        // us, which our log leaves out for it (or, without relay, holds
        // not at all): only the full state makes it whole.
        p.acked = 0;
        p.sent = 0;
        p.confirmed = 0;
        p.next_from = 0;
        p.lost_state = true;
        p.knows_us = false;
        p.full_state_to = 0;
        // Without relay, what its earlier life sent only some of us would
        // reach the others never: pass on everything we have, once.
        if (!options_.relay) Record(state_, kLocal);
      }
      p.incarnation = inc;
      p.received = 0;
      p.early.clear();
    }
    if (has_ack && ack_inc == incarnation_) {
      p.knows_us = true;
      p.confirmed = std::max(p.confirmed, std::min(ack, head_));
      if (p.full_state_to > 0 && p.confirmed >= p.full_state_to) p.lost_state = false;
      if (p.confirmed > p.acked) {
        p.acked = p.confirmed;
        p.waiting_since = node_.now();
        if (p.acked >= p.sent && p.last_sent_at.count() > 0) {
          const Micros rtt = node_.now() - p.last_sent_at;
          if (p.min_rtt.count() == 0 || rtt < p.min_rtt) p.min_rtt = rtt;
        }
      }
      p.sent = std::max(p.sent, p.acked);
      // Suspicion ends when it holds what we last went back to send it. An
      // ack that advances less was sent before our resend arrived (an ack
      // from the far side of a partition that healed, say): until then,
      // what we sent while cut off may still be missing there.
      if (p.acked >= p.sent || p.acked >= p.retry_to) p.suspect = false;
      // A nack: it holds our log only through its ack and saw a later
      // range, so what lies between was lost (or is overtaken in flight:
      // then the resend is merely redundant). Once per interval at most.
      if (m.body.contains("nack") && p.outbound && p.acked < p.sent &&
          node_.now() - p.went_back >= options_.interval) {
        p.retry_next = true;
        Push(m.src, p, node_.now());
      } else if (Overdue(p)) {
        // A stale ack: it was sent well after our oldest unacknowledged
        // send should have arrived there (half a round trip past the
        // shortest seen), so that send was lost. Go back now, not at the
        // timeout: this repairs a cut that healed before the timeout.
        p.retry_next = true;
        Push(m.src, p, node_.now());
        AfterLoss();
      }
    }
    if (!has_delta) {
      if (!has_ack) OweAck(p);  // a greeting: answering tells it we exist
      return;
    }

    L novel = delta.difference(state_);
    if (!novel.empty()) {
      state_.merge(novel);
      if (on_remote_) on_remote_(novel);
      Record(std::move(novel), p.index);
    }
    // A message that acks an earlier life of ours was addressed to it: its
    // range may leave out what that life sent, so it must not count toward
    // what we hold. (A sender that never heard of us sends no ack at all,
    // and leaves nothing out.)
    if (!has_ack || ack_inc == incarnation_) {
      NoteReceived(p, from, to);
      if (from > p.received && p.nacked_at != p.received) {
        AfterLoss();
        p.nacked_at = p.received;
        ++stats_.nacks;
        Json body = Header();
        AddAck(p, body);
        body["nack"] = true;
        node_.Send(m.src, std::move(body));
        return;
      }
    }
    OweAck(p);
    // The sender resends because it heard nothing from us: answer at once.
    // What we sent it meanwhile and it has not acked was likely lost the
    // same way (a partition cuts both directions): resend that too, at
    // most once per interval, so that two retries do not answer each other.
    if (m.body.contains("retry")) {
      if (p.outbound && p.acked < p.sent && node_.now() - p.went_back >= options_.interval) {
        p.retry_next = true;
      }
      SendAckNow(m.src, p);
    }
  }

  // Whether peer `q` owes an ack for longer than a round trip and a half
  // (and an interval: under jittery latency the shortest round trip is
  // far below the usual one), and was not gone back to within the last
  // interval.
  bool Overdue(const Peer& q) const {
    const Micros now = node_.now();
    return q.outbound && q.acked < q.sent && q.min_rtt.count() > 0 &&
           now - q.waiting_since > std::max<Micros>(q.min_rtt * 3 / 2, options_.interval) &&
           now - q.went_back >= options_.interval;
  }

  // A loss seen (a gap, a stale ack) soon after a silence from every peer
  // means this node was likely cut off, and what it sent meanwhile lost
  // too. Peers with nothing more to say would not reveal that before the
  // timeout: go back at once for every peer whose ack is overdue.
  void AfterLoss() {
    if (node_.now() - woke_at_ > options_.interval) return;
    for (auto& [id, q] : peers_) {
      if (Overdue(q)) {
        q.retry_next = true;
        Push(id, q, node_.now());
      }
    }
  }

  // Acknowledges at once: on a delta of ours if there is one to send, alone
  // otherwise.
  void SendAckNow(const std::string& id, Peer& p) {
    if (p.outbound) Push(id, p, node_.now());
    if (p.ack_owed) SendPureAck(id, p);
  }

  // Sends peer `p` our ack alone.
  void SendPureAck(const std::string& id, Peer& p) {
    Json body = Header();
    AddAck(p, body);
    ++stats_.pure_acks;
    node_.Send(id, std::move(body));
  }

  void OweAck(Peer& p) {
    if (!p.ack_owed) {
      p.ack_owed = true;
      p.ack_owed_since = node_.now();
    }
  }

  // Advances the contiguous prefix of the peer's log that we hold.
  static void NoteReceived(Peer& p, std::uint64_t from, std::uint64_t to) {
    constexpr std::size_t kMaxEarly = 256;
    if (from > p.received) {
      if (p.early.size() < kMaxEarly) {
        auto& hi = p.early[from];
        hi = std::max(hi, to);
      }
      return;
    }
    p.received = std::max(p.received, to);
    for (auto it = p.early.begin(); it != p.early.end() && it->first <= p.received;) {
      p.received = std::max(p.received, it->second);
      it = p.early.erase(it);
    }
  }

  // Drops log entries that every peer holds.
  void Collect() {
    std::uint64_t floor = head_;
    for (const auto& [id, p] : peers_) {
      if (p.outbound) floor = std::min(floor, p.acked);
    }
    while (!log_.empty() && log_.front().seq <= floor) log_.pop_front();
  }

  Node& node_;
  ReplicatorOptions options_;
  std::uint64_t incarnation_ = 0;
  TimerId tick_ = 0;
  TimerId forward_timer_ = 0;
  Micros last_forward_{0};
  Micros last_heard_{0};  // when a message from a peer last arrived
  Micros woke_at_{-1'000'000'000};  // when one last arrived after a silence
  L state_;
  std::deque<Entry> log_;
  std::uint64_t head_ = 0;
  std::map<std::string, Peer> peers_;
  std::vector<std::string> peer_ids_;
  std::function<void(const L&)> on_remote_;
  ReplicatorStats stats_;
};

}  // namespace glomers

#endif  // GLOMERS_NODE_REPLICATOR_H_
