// FileSystem: a node's durable storage, reached through Env::Files().
//
// A FileSystem is one flat directory (the node's data directory): every name
// is a plain file name, never a path. Errors are values (IoStatus), never
// exceptions, so a full disk or an unwritable directory reaches the program,
// which must then refuse the write it cannot make durable.
//
// Durability contract (what both implementations honour, and what the WAL
// relies on): bytes appended to a file are durable only once Sync() on that
// file has returned ok; a crash may drop any unsynced suffix, and may keep a
// torn prefix of the last unsynced append. Rename() atomically replaces the
// target and, with Remove(), is durable once it returns (the POSIX
// implementation fsyncs the directory).
#ifndef GLOMERS_NODE_FILE_SYSTEM_H_
#define GLOMERS_NODE_FILE_SYSTEM_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glomers {

// Ok, or an error with a message a person can act on ("data/n1.0.log:
// append: No space left on device").
class IoStatus {
 public:
  IoStatus() = default;
  static IoStatus Error(std::string message) { return IoStatus(std::move(message)); }
  bool ok() const { return message_.empty(); }
  const std::string& message() const { return message_; }

 private:
  explicit IoStatus(std::string message)
      : message_(message.empty() ? "i/o error" : std::move(message)) {}
  std::string message_;
};

// A file open for appending. Dropping it closes the file; unsynced bytes are
// then as at a crash: maybe written, maybe not.
class AppendFile {
 public:
  virtual ~AppendFile() = default;
  virtual IoStatus Append(std::string_view data) = 0;
  virtual IoStatus Sync() = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Opens `name` for appending, creating it empty if absent; `truncate`
  // empties an existing file first.
  virtual IoStatus OpenAppend(const std::string& name, bool truncate,
                              std::unique_ptr<AppendFile>* file) = 0;
  // The whole content of `name`. A missing file is an error.
  virtual IoStatus Read(const std::string& name, std::string* data) = 0;
  // Atomically replaces `to` by `from`.
  virtual IoStatus Rename(const std::string& from, const std::string& to) = 0;
  // Removes `name`; removing a missing file is ok.
  virtual IoStatus Remove(const std::string& name) = 0;
  // The names of the directory's files, sorted.
  virtual IoStatus List(std::vector<std::string>* names) = 0;
};

}  // namespace glomers

#endif  // GLOMERS_NODE_FILE_SYSTEM_H_
