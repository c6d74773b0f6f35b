// Wal: a write-ahead log with group commit, snapshots and recovery, on a
// FileSystem.
//
// Record frame: u32 length, u32 CRC-32C of (length bytes + payload), payload;
// integers little-endian. Files, for a log named N: "N.snap" holds the last
// snapshot (one frame: u64 generation + state) and "N.<generation>.log" the
// records appended since it. Snapshot() writes "N.snap.tmp", syncs it,
// renames it over "N.snap", then starts the next generation's log and
// removes the old one: a crash at any point leaves either the old snapshot
// with its full log or the new snapshot (whose state covers the old log),
// so disk use stays bounded by one snapshot plus the records since it.
//
// Group commit: Append() only queues; Commit() writes every queued record
// in one append and one sync, then calls each record's callback, in append
// order, with ok. The owner decides when to commit (the Durable helper does
// it on a zero-delay timer, so one burst of input costs one sync).
//
// Recovery (Open): the valid prefix of the log is returned and nothing
// else. A torn or corrupt record ends the log: everything from it on is
// dropped, a line saying where and how much goes to `log`, and the file is
// rewritten to the valid prefix so new records never follow garbage.
//
// Errors are sticky: once an append, sync or snapshot fails, every queued
// and later record's callback gets that error and nothing more is written,
// since bytes of a failed write may sit on disk. A program must then refuse
// the writes (error 13 or 11), never acknowledge them.
#ifndef GLOMERS_NODE_WAL_H_
#define GLOMERS_NODE_WAL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "node/file_system.h"

namespace glomers {

class Wal {
 public:
  using Done = std::function<void(const IoStatus&)>;
  using LogFn = std::function<void(std::string_view)>;

  struct Recovered {
    std::string snapshot;              // empty if none was taken
    std::vector<std::string> records;  // appended after the snapshot, in order
  };

  // Opens (creating if absent) the log `name` in `fs`, which must outlive
  // the Wal, and recovers its content into `recovered`.
  static IoStatus Open(FileSystem* fs, std::string name, LogFn log, Recovered* recovered,
                       std::unique_ptr<Wal>* wal);

  // Queues one record; `done` runs when it is durable or has failed.
  void Append(std::string_view payload, Done done);
  // Makes every queued record durable with one write and one sync.
  void Commit();
  bool pending() const { return !queued_.empty(); }

  // Replaces snapshot and log by `state`, which must cover every record
  // appended so far (queued ones included: they are committed first).
  IoStatus Snapshot(std::string_view state);

  // Bytes in the current log file (the records since the last snapshot).
  std::uint64_t log_bytes() const { return log_bytes_; }
  std::uint64_t syncs() const { return syncs_; }
  const IoStatus& error() const { return error_; }

  // One frame around `payload`.
  static std::string Frame(std::string_view payload);

 private:
  Wal(FileSystem* fs, std::string name, LogFn log) : fs_(fs), name_(std::move(name)), log_(std::move(log)) {}
  std::string LogName(std::uint64_t generation) const;
  IoStatus Fail(IoStatus s);

  FileSystem* fs_;
  std::string name_;
  LogFn log_;
  std::uint64_t generation_ = 0;
  std::unique_ptr<AppendFile> file_;
  std::string batch_;
  std::vector<Done> queued_;
  std::uint64_t log_bytes_ = 0;
  std::uint64_t syncs_ = 0;
  IoStatus error_;
};

}  // namespace glomers

#endif  // GLOMERS_NODE_WAL_H_
