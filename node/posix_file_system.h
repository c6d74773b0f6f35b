// PosixFileSystem: a FileSystem on one real directory, for the stdio runtime.
//
// Sync() is fdatasync; Rename() and Remove() fsync the directory so the
// change survives a power cut. Open() creates the directory (and its
// parents) and checks that it is writable, so a bad --data-dir fails at
// start-up with a clear message rather than at the first client write.
#ifndef GLOMERS_NODE_POSIX_FILE_SYSTEM_H_
#define GLOMERS_NODE_POSIX_FILE_SYSTEM_H_

#include <memory>
#include <string>

#include "node/file_system.h"

namespace glomers {

IoStatus OpenPosixFileSystem(const std::string& dir, std::unique_ptr<FileSystem>* fs);

}  // namespace glomers

#endif  // GLOMERS_NODE_POSIX_FILE_SYSTEM_H_
