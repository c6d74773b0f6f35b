#include "node/sim_file_system.h"

namespace glomers {

class SimFileSystem::File : public AppendFile {
 public:
  File(SimFileSystem& fs, std::string name, std::shared_ptr<Data> data)
      : fs_(fs), name_(std::move(name)), data_(std::move(data)), epoch_(fs.epoch_) {}

  IoStatus Append(std::string_view bytes) override {
    if (IoStatus s = Live(); !s.ok()) return s;
    if (fs_.bytes() + bytes.size() > fs_.capacity_) {
      return IoStatus::Error(name_ + ": append: No space left on device");
    }
    data_->bytes.append(bytes);
    return {};
  }
  IoStatus Sync() override {
    if (IoStatus s = Live(); !s.ok()) return s;
    data_->synced = data_->bytes.size();
    ++fs_.syncs_;
    return {};
  }

 private:
  IoStatus Live() const {
    if (epoch_ != fs_.epoch_) return IoStatus::Error(name_ + ": file of a crashed node");
    return fs_.Check(name_);
  }
  SimFileSystem& fs_;
  std::string name_;
  std::shared_ptr<Data> data_;
  std::uint64_t epoch_;
};

IoStatus SimFileSystem::Check(const std::string& name) const {
  if (failing_) return IoStatus::Error(name + ": Permission denied");
  return {};
}

std::uint64_t SimFileSystem::Next() {  // splitmix64
  std::uint64_t x = (rng_ += 0x9e3779b97f4a7c15ULL);
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

IoStatus SimFileSystem::OpenAppend(const std::string& name, bool truncate,
                                   std::unique_ptr<AppendFile>* file) {
  if (IoStatus s = Check(name); !s.ok()) return s;
  std::shared_ptr<Data>& data = files_[name];
  if (!data || truncate) data = std::make_shared<Data>();
  *file = std::make_unique<File>(*this, name, data);
  return {};
}

IoStatus SimFileSystem::Read(const std::string& name, std::string* data) {
  if (IoStatus s = Check(name); !s.ok()) return s;
  auto it = files_.find(name);
  if (it == files_.end()) return IoStatus::Error(name + ": open: No such file or directory");
  *data = it->second->bytes;
  return {};
}

IoStatus SimFileSystem::Rename(const std::string& from, const std::string& to) {
  if (IoStatus s = Check(to); !s.ok()) return s;
  auto it = files_.find(from);
  if (it == files_.end()) return IoStatus::Error(from + ": rename: No such file or directory");
  std::shared_ptr<Data> data = it->second;
  files_.erase(it);
  files_[to] = std::move(data);
  return {};
}

IoStatus SimFileSystem::Remove(const std::string& name) {
  if (IoStatus s = Check(name); !s.ok()) return s;
  files_.erase(name);
  return {};
}

IoStatus SimFileSystem::List(std::vector<std::string>* names) {
  if (IoStatus s = Check("."); !s.ok()) return s;
  names->clear();
  for (const auto& [name, data] : files_) names->push_back(name);
  return {};
}

void SimFileSystem::Crash() {
  ++epoch_;
  for (auto& [name, data] : files_) {
    // A fresh Data, so files still held by the dead node see none of this.
    auto next = std::make_shared<Data>();
    std::size_t keep = data->synced;
    const std::size_t size = data->bytes.size();
    if (size > keep + 1) {
      // A tear keeps 1..n-1 of the n unsynced bytes: never all of them (the
      // write did not finish), never a byte that was not written.
      const double u = static_cast<double>(Next() >> 11) * 0x1.0p-53;
      if (u < tear_probability_) keep += 1 + Next() % (size - keep - 1);
    }
    next->bytes = data->bytes.substr(0, keep);
    next->synced = keep;
    data = std::move(next);
  }
}

std::size_t SimFileSystem::bytes() const {
  std::size_t n = 0;
  for (const auto& [name, data] : files_) n += data->bytes.size();
  return n;
}

}  // namespace glomers
