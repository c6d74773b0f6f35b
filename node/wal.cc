#include "node/wal.h"

#include <algorithm>
#include <utility>

#include "node/crc32c.h"

namespace glomers {
namespace {

void PutU32(std::string* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t GetLe(std::string_view s, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return v;
}

// Splits `data` into frames. Returns the length of the valid prefix; `why`
// says what ended the parse early, if anything did.
std::size_t ParseFrames(std::string_view data, std::vector<std::string>* payloads,
                        std::string* why) {
  std::size_t off = 0;
  while (off < data.size()) {
    std::string_view rest = data.substr(off);
    if (rest.size() < 8) {
      *why = "torn record header";
      break;
    }
    const std::uint64_t len = GetLe(rest, 4);
    const auto crc = static_cast<std::uint32_t>(GetLe(rest.substr(4), 4));
    if (rest.size() - 8 < len) {
      *why = "torn record (length " + std::to_string(len) + ")";
      break;
    }
    std::string_view payload = rest.substr(8, len);
    if (Crc32c(payload, Crc32c(rest.substr(0, 4))) != crc) {
      *why = "bad checksum";
      break;
    }
    payloads->emplace_back(payload);
    off += 8 + len;
  }
  return off;
}

}  // namespace

std::string Wal::Frame(std::string_view payload) {
  std::string out;
  PutU32(&out, static_cast<std::uint32_t>(payload.size()));
  PutU32(&out, Crc32c(payload, Crc32c(out)));
  out.append(payload);
  return out;
}

std::string Wal::LogName(std::uint64_t generation) const {
  return name_ + "." + std::to_string(generation) + ".log";
}

IoStatus Wal::Open(FileSystem* fs, std::string name, LogFn log, Recovered* recovered,
                   std::unique_ptr<Wal>* out) {
  std::unique_ptr<Wal> wal(new Wal(fs, std::move(name), std::move(log)));
  *recovered = {};
  std::vector<std::string> names;
  if (IoStatus s = fs->List(&names); !s.ok()) return s;
  const std::string snap = wal->name_ + ".snap";
  for (const std::string& n : names) {
    if (n != snap) continue;
    std::string data;
    if (IoStatus s = fs->Read(snap, &data); !s.ok()) return s;
    std::vector<std::string> frames;
    std::string why;
    ParseFrames(data, &frames, &why);
    // The snapshot was synced before its rename, so damage here is not a
    // crash's doing; recovering less than it held would invent a past.
    if (frames.size() != 1 || frames[0].size() < 8) {
      return IoStatus::Error(snap + ": corrupt snapshot" + (why.empty() ? "" : ": " + why));
    }
    wal->generation_ = GetLe(frames[0], 8);
    recovered->snapshot = frames[0].substr(8);
  }
  const std::string current = wal->LogName(wal->generation_);
  for (const std::string& n : names) {
    // Logs of other generations (or a half-written snapshot) are left over
    // from a crash during Snapshot(); the snapshot supersedes them.
    const bool ours = n.starts_with(wal->name_ + ".") && n != snap;
    if (ours && n != current) {
      if (IoStatus s = fs->Remove(n); !s.ok()) return s;
    }
  }
  std::string data;
  bool exists = std::find(names.begin(), names.end(), current) != names.end();
  if (exists) {
    if (IoStatus s = fs->Read(current, &data); !s.ok()) return s;
  }
  std::string why;
  const std::size_t valid = ParseFrames(data, &recovered->records, &why);
  if (valid < data.size()) {
    if (wal->log_) {
      wal->log_("wal: " + current + ": " + why + " at offset " + std::to_string(valid) +
                ": recovered " + std::to_string(recovered->records.size()) +
                " records, dropped " + std::to_string(data.size() - valid) + " bytes");
    }
    // Rewrite the valid prefix under a new name, then rename it over.
    const std::string tmp = current + ".tmp";
    std::unique_ptr<AppendFile> f;
    if (IoStatus s = fs->OpenAppend(tmp, true, &f); !s.ok()) return s;
    if (IoStatus s = f->Append(std::string_view(data).substr(0, valid)); !s.ok()) return s;
    if (IoStatus s = f->Sync(); !s.ok()) return s;
    f.reset();
    if (IoStatus s = fs->Rename(tmp, current); !s.ok()) return s;
  }
  if (IoStatus s = fs->OpenAppend(current, false, &wal->file_); !s.ok()) return s;
  wal->log_bytes_ = valid;
  *out = std::move(wal);
  return {};
}

IoStatus Wal::Fail(IoStatus s) {
  if (error_.ok()) {
    error_ = std::move(s);
    if (log_) log_("wal: " + error_.message() + ": refusing further writes");
  }
  std::vector<Done> queued = std::exchange(queued_, {});
  batch_.clear();
  for (Done& d : queued) {
    if (d) d(error_);
  }
  return error_;
}

void Wal::Append(std::string_view payload, Done done) {
  if (!error_.ok()) {
    if (done) done(error_);
    return;
  }
  batch_ += Frame(payload);
  queued_.push_back(std::move(done));
}

void Wal::Commit() {
  if (queued_.empty()) return;
  if (!error_.ok()) {
    Fail(error_);
    return;
  }
  if (IoStatus s = file_->Append(batch_); !s.ok()) {
    Fail(std::move(s));
    return;
  }
  if (IoStatus s = file_->Sync(); !s.ok()) {
    Fail(std::move(s));
    return;
  }
  ++syncs_;
  log_bytes_ += batch_.size();
  batch_.clear();
  // Callbacks may append again: those records join the next batch.
  std::vector<Done> done = std::exchange(queued_, {});
  for (Done& d : done) {
    if (d) d(IoStatus());
  }
}

IoStatus Wal::Snapshot(std::string_view state) {
  Commit();
  if (!error_.ok()) return error_;
  const std::string snap = name_ + ".snap";
  const std::string tmp = snap + ".tmp";
  std::string payload;
  const std::uint64_t next = generation_ + 1;
  for (int i = 0; i < 8; ++i) payload.push_back(static_cast<char>((next >> (8 * i)) & 0xff));
  payload.append(state);
  std::unique_ptr<AppendFile> f;
  if (IoStatus s = fs_->OpenAppend(tmp, true, &f); !s.ok()) return Fail(std::move(s));
  if (IoStatus s = f->Append(Frame(payload)); !s.ok()) return Fail(std::move(s));
  if (IoStatus s = f->Sync(); !s.ok()) return Fail(std::move(s));
  f.reset();
  std::unique_ptr<AppendFile> log;
  if (IoStatus s = fs_->OpenAppend(LogName(next), true, &log); !s.ok()) return Fail(std::move(s));
  if (IoStatus s = fs_->Rename(tmp, snap); !s.ok()) return Fail(std::move(s));
  ++syncs_;
  const std::string old = LogName(generation_);
  generation_ = next;
  file_ = std::move(log);
  log_bytes_ = 0;
  if (IoStatus s = fs_->Remove(old); !s.ok()) return Fail(std::move(s));
  return {};
}

}  // namespace glomers
