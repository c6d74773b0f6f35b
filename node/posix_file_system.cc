#include "node/posix_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace glomers {
namespace {

IoStatus Errno(const std::string& path, const char* op) {
  return IoStatus::Error(path + ": " + op + ": " + std::strerror(errno));
}

class PosixAppendFile : public AppendFile {
 public:
  PosixAppendFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixAppendFile() override { ::close(fd_); }

  IoStatus Append(std::string_view data) override {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return Errno(path_, "append");
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
  }
  IoStatus Sync() override {
    if (::fdatasync(fd_) != 0) return Errno(path_, "sync");
    return {};
  }

 private:
  std::string path_;
  int fd_;
};

class PosixFileSystem : public FileSystem {
 public:
  explicit PosixFileSystem(std::string dir) : dir_(std::move(dir)) {}

  IoStatus OpenAppend(const std::string& name, bool truncate,
                      std::unique_ptr<AppendFile>* file) override {
    std::string path = Path(name);
    int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0);
    int fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0) return Errno(path, "open");
    *file = std::make_unique<PosixAppendFile>(path, fd);
    return SyncDir();  // a new file's name must survive a crash too
  }
  IoStatus Read(const std::string& name, std::string* data) override {
    std::string path = Path(name);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Errno(path, "open");
    data->clear();
    char buf[1 << 16];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        IoStatus s = Errno(path, "read");
        ::close(fd);
        return s;
      }
      if (n == 0) break;
      data->append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return {};
  }
  IoStatus Rename(const std::string& from, const std::string& to) override {
    if (::rename(Path(from).c_str(), Path(to).c_str()) != 0) return Errno(Path(to), "rename");
    return SyncDir();
  }
  IoStatus Remove(const std::string& name) override {
    if (::unlink(Path(name).c_str()) != 0 && errno != ENOENT) return Errno(Path(name), "remove");
    return SyncDir();
  }
  IoStatus List(std::vector<std::string>* names) override {
    names->clear();
    DIR* d = ::opendir(dir_.c_str());
    if (d == nullptr) return Errno(dir_, "list");
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names->push_back(n);
    }
    ::closedir(d);
    std::sort(names->begin(), names->end());
    return {};
  }

 private:
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  IoStatus SyncDir() {
    int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Errno(dir_, "open directory");
    int rc = ::fsync(fd);
    IoStatus s = rc == 0 ? IoStatus() : Errno(dir_, "sync directory");
    ::close(fd);
    return s;
  }

  std::string dir_;
};

}  // namespace

IoStatus OpenPosixFileSystem(const std::string& dir, std::unique_ptr<FileSystem>* fs) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IoStatus::Error(dir + ": create directory: " + ec.message());
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return Errno(dir, "not writable");
  *fs = std::make_unique<PosixFileSystem>(dir);
  return {};
}

}  // namespace glomers
