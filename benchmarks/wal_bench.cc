// wal_bench: the write-ahead log on the real disk, for several group sizes
// (records per commit, i.e. per fsync). Prints appends/s, fsyncs per
// append and the bytes on disk at the end, with a snapshot taken whenever
// the log passes 1 MiB, as node/durable.h does by default.
//
// usage: wal_bench [dir] [records]   (dir defaults to a fresh one under /tmp)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "node/posix_file_system.h"
#include "node/wal.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const std::string root = argc > 1 ? argv[1] : (fs::temp_directory_path() / "glomers_wal_bench").string();
  const long records = argc > 2 ? std::atol(argv[2]) : 20000;
  const std::string payload(64, 'p');  // a typical small delta
  std::printf("%-6s %10s %12s %12s %12s\n", "group", "records", "appends/s", "fsyncs/op", "disk bytes");
  for (long group : {1L, 8L, 64L, 512L}) {
    const std::string dir = root + "/g" + std::to_string(group);
    fs::remove_all(dir);
    std::unique_ptr<glomers::FileSystem> files;
    if (glomers::IoStatus s = glomers::OpenPosixFileSystem(dir, &files); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      return 1;
    }
    glomers::Wal::Recovered rec;
    std::unique_ptr<glomers::Wal> wal;
    if (glomers::IoStatus s = glomers::Wal::Open(files.get(), "bench", nullptr, &rec, &wal); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      return 1;
    }
    // Fewer records for group 1, whose every append is an fsync.
    const long n = group == 1 ? std::min(records, 2000L) : records;
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
      wal->Append(payload, nullptr);
      if ((i + 1) % group == 0 || i + 1 == n) wal->Commit();
      if (wal->log_bytes() > (1 << 20)) wal->Snapshot(std::string(4096, 's'));
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!wal->error().ok()) {
      std::fprintf(stderr, "%s\n", wal->error().message().c_str());
      return 1;
    }
    std::uintmax_t bytes = 0;
    for (const auto& e : fs::directory_iterator(dir)) bytes += e.file_size();
    std::printf("%-6ld %10ld %12.0f %12.4f %12ju\n", group, n, n / secs,
                static_cast<double>(wal->syncs()) / static_cast<double>(n), bytes);
    wal.reset();
    fs::remove_all(dir);
  }
  return 0;
}
