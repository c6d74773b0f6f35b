// SimFileSystem: an in-memory FileSystem for the simulator and tests, with
// the failures of a real disk.
//
// It outlives the node that uses it: the simulator keeps one per node id
// and calls Crash() when it kills the node, which keeps each file's synced
// bytes, drops the unsynced ones, and with probability `tear_probability`
// keeps a torn prefix of the unsynced bytes instead (what reached the disk
// before the power went; the WAL writes a batch as one append, so this is
// the last write torn). Crash() draws from the seed
// given at construction, so a seeded run replays the same damage.
//
// `capacity` bounds the total bytes held (a full disk: Append fails and
// writes nothing); set_failing(true) makes every operation fail (an
// unwritable directory). Rename and Remove are durable at once. Open files
// of a crashed node report an error if still used.
#ifndef GLOMERS_NODE_SIM_FILE_SYSTEM_H_
#define GLOMERS_NODE_SIM_FILE_SYSTEM_H_

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>

#include "node/file_system.h"

namespace glomers {

class SimFileSystem : public FileSystem {
 public:
  explicit SimFileSystem(std::uint64_t seed, double tear_probability = 0.5)
      : rng_(seed), tear_probability_(tear_probability) {}

  IoStatus OpenAppend(const std::string& name, bool truncate,
                      std::unique_ptr<AppendFile>* file) override;
  IoStatus Read(const std::string& name, std::string* data) override;
  IoStatus Rename(const std::string& from, const std::string& to) override;
  IoStatus Remove(const std::string& name) override;
  IoStatus List(std::vector<std::string>* names) override;

  // The node died: unsynced bytes go (maybe torn), open files go stale.
  void Crash();

  void set_capacity(std::size_t bytes) { capacity_ = bytes; }
  void set_failing(bool failing) { failing_ = failing; }
  // Bytes held over all files, synced or not.
  std::size_t bytes() const;
  std::uint64_t syncs() const { return syncs_; }
  std::uint64_t crashes() const { return epoch_; }

 private:
  class File;
  struct Data {
    std::string bytes;
    std::size_t synced = 0;  // bytes[0, synced) are durable
  };
  IoStatus Check(const std::string& name) const;
  std::uint64_t Next();

  std::map<std::string, std::shared_ptr<Data>> files_;
  std::uint64_t rng_;
  double tear_probability_;
  std::size_t capacity_ = std::numeric_limits<std::size_t>::max();
  bool failing_ = false;
  std::uint64_t epoch_ = 0;  // crashes so far; a file opened before one is stale
  std::uint64_t syncs_ = 0;
};

}  // namespace glomers

#endif  // GLOMERS_NODE_SIM_FILE_SYSTEM_H_
