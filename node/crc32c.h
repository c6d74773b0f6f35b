// CRC-32C (Castagnoli), the checksum of WAL records. Software, table-driven:
// the log is small next to the network work of a node.
#ifndef GLOMERS_NODE_CRC32C_H_
#define GLOMERS_NODE_CRC32C_H_

#include <cstdint>
#include <string_view>

namespace glomers {

// Extends `crc` (the value of the bytes before `data`; 0 to start) over `data`.
std::uint32_t Crc32c(std::string_view data, std::uint32_t crc = 0);

}  // namespace glomers

#endif  // GLOMERS_NODE_CRC32C_H_
