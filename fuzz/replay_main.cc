// fuzz_replay WORKLOAD DIR...: runs the fuzz target (fuzz/node_fuzzer.cc)
// for WORKLOAD once on every file in the directories given, without
// libFuzzer: the seed corpus as a regression test in an ordinary (e.g.
// sanitizer) build. Exits non-zero if a directory is missing or empty; a bad
// input aborts, as under the fuzzer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s WORKLOAD DIR...\n", argv[0]);
    return 2;
  }
  ::setenv("GLOMERS_FUZZ_WORKLOAD", argv[1], 1);
  int runs = 0;
  for (int i = 2; i < argc; ++i) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(argv[i], ec)) {
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++runs;
    }
    if (ec) {
      std::fprintf(stderr, "cannot read %s: %s\n", argv[i], ec.message().c_str());
      return 1;
    }
  }
  std::printf("%d inputs replayed\n", runs);
  return runs > 0 ? 0 : 1;
}
