#include "bench/serve.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/report.h"

namespace glomers::bench {
namespace {
namespace serve_impl {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::size_t kMaxRequest = 16 * 1024;
constexpr std::size_t kMaxRuns = 1000;

void SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;  // the client went away
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void Respond(int fd, int status, const char* reason, const std::string& type, const std::string& body,
             bool head) {
  std::string out = "HTTP/1.0 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + type +
                    "\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
  if (!head) out += body;
  SendAll(fd, out);
}

void RespondText(int fd, int status, const char* reason, const std::string& text, bool head) {
  Respond(fd, status, reason, "text/plain; charset=utf-8", text + "\n", head);
}

std::string ContentType(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".png") return "image/png";
  if (ext == ".svg") return "image/svg+xml";
  return "text/plain; charset=utf-8";
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a request path; false if an escape is malformed or
// decodes to NUL.
bool Decode(std::string_view in, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = Hex(in[i + 1]), lo = Hex(in[i + 2]);
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

// "20261203T070252.123" -> "2026-12-03 07:02:52"; other names unchanged.
std::string RunTime(const std::string& name) {
  if (name.size() < 15 || name[8] != 'T') return name;
  return name.substr(0, 4) + "-" + name.substr(4, 2) + "-" + name.substr(6, 2) + " " + name.substr(9, 2) +
         ":" + name.substr(11, 2) + ":" + name.substr(13, 2);
}

Json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  Json j = Json::parse(in, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

struct Run {
  std::string workload, name, verdict, link, what;
};

std::string Index(const fs::path& root) {
  std::vector<Run> runs;
  std::error_code ec;
  for (const auto& group : fs::directory_iterator(root, ec)) {
    if (group.is_symlink() || !group.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(group.path(), ec)) {
      if (entry.is_symlink() || !entry.is_directory()) continue;
      Run run;
      run.workload = group.path().filename().string();
      run.name = entry.path().filename().string();
      const std::string rel = run.workload + "/" + run.name + "/";
      if (fs::exists(entry.path() / "scoreboard.html") || fs::exists(entry.path() / "scoreboard.json")) {
        const Json rows = ReadJson(entry.path() / "scoreboard.json");
        int passed = 0, all = 0;
        if (rows.is_array()) {
          for (const Json& r : rows) passed += r.value("pass", false), ++all;
        }
        run.verdict = all > 0 && passed == all ? "valid" : all > 0 ? "invalid" : "unknown";
        run.what = std::to_string(passed) + " of " + std::to_string(all) + " passed";
        run.link = rel + (fs::exists(entry.path() / "scoreboard.html") ? "scoreboard.html" : "");
      } else {
        const Json results = ReadJson(entry.path() / "results.json");
        const Json& v = results.is_object() ? results.value("valid", Json()) : Json();
        run.verdict = v.is_boolean() ? (v.get<bool>() ? "valid" : "invalid") : "unknown";
        if (results.is_object()) {
          const Json& t = results.value("test", Json::object());
          run.what = t.value("mode", "") + ", " + std::to_string(t.value("node_count", 0)) + " nodes";
        } else {
          run.what = "no results";
        }
        run.link = rel + (fs::exists(entry.path() / "report.html") ? "report.html" : "");
      }
      runs.push_back(std::move(run));
    }
  }
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) {
    return a.name != b.name ? a.name > b.name : a.workload < b.workload;
  });
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>glomers runs</title>\n"
      "<style>body{font:14px/1.4 system-ui,sans-serif;margin:16px}td,th{padding:2px 10px;text-align:left}"
      ".valid{color:#1b6e1b}.invalid{color:#a11;font-weight:600}.unknown{color:#777}</style></head>\n"
      "<body>\n<h1>glomers runs in " + HtmlEscape(root.string()) + "</h1>\n";
  if (runs.empty()) out += "<p>No runs yet.</p>\n";
  out += "<table id=\"runs\">\n<tr><th>time</th><th>workload</th><th>verdict</th><th>run</th><th></th></tr>\n";
  for (std::size_t i = 0; i < runs.size() && i < kMaxRuns; ++i) {
    const Run& r = runs[i];
    const std::string dir = HtmlEscape(r.workload + "/" + r.name + "/");
    out += "<tr><td>" + HtmlEscape(RunTime(r.name)) + "</td><td>" + HtmlEscape(r.workload) +
           "</td><td class=\"" + r.verdict + "\">" + r.verdict + "</td><td>" + HtmlEscape(r.what) + "</td><td>";
    if (r.link.back() != '/') out += "<a href=\"/" + HtmlEscape(r.link) + "\">report</a> ";
    out += "<a href=\"/" + dir + "\">files</a></td></tr>\n";
  }
  out += "</table>\n";
  if (runs.size() > kMaxRuns) out += "<p>(" + std::to_string(runs.size() - kMaxRuns) + " older runs not listed)</p>\n";
  out += "</body></html>\n";
  return out;
}

std::string Listing(const fs::path& dir, const std::string& url) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    names.push_back(e.path().filename().string() + (e.is_directory() ? "/" : ""));
  }
  std::sort(names.begin(), names.end());
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(url) +
                    "</title></head>\n<body style=\"font:14px system-ui,sans-serif\">\n<h1>" + HtmlEscape(url) +
                    "</h1>\n<ul>\n<li><a href=\"/\">all runs</a></li>\n";
  for (const auto& n : names) out += "<li><a href=\"" + HtmlEscape(n) + "\">" + HtmlEscape(n) + "</a></li>\n";
  out += "</ul></body></html>\n";
  return out;
}

void Handle(int fd, const fs::path& root) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos && request.find("\n\n") == std::string::npos &&
         request.size() < kMaxRequest) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    request.append(buf, static_cast<std::size_t>(n));
  }
  std::istringstream line(request.substr(0, request.find_first_of("\r\n")));
  std::string method, target, version;
  line >> method >> target >> version;
  const bool head = method == "HEAD";
  if (method != "GET" && !head) return RespondText(fd, 405, "Method Not Allowed", "GET or HEAD only", false);
  target = target.substr(0, target.find_first_of("?#"));
  std::string path;
  if (target.empty() || target[0] != '/' || !Decode(target, &path)) {
    return RespondText(fd, 400, "Bad Request", "bad path", head);
  }
  std::vector<std::string> segments;
  {
    std::stringstream in(path);
    for (std::string s; std::getline(in, s, '/');) {
      if (s == "..") return RespondText(fd, 403, "Forbidden", "\"..\" is not allowed", head);
      if (!s.empty() && s != ".") segments.push_back(s);
    }
  }
  if (path.find('\\') != std::string::npos) return RespondText(fd, 403, "Forbidden", "bad path", head);
  if (segments.empty()) return Respond(fd, 200, "OK", "text/html; charset=utf-8", Index(root), head);

  fs::path file = root;
  for (const auto& s : segments) file /= s;
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(file, ec);
  const std::string base = root.string() + "/";
  if (ec || !(real.string() + "/").starts_with(base)) {
    return RespondText(fd, 403, "Forbidden", "outside the store", head);
  }
  if (fs::is_directory(real, ec)) {
    if (path.back() != '/') {
      // Relative links inside a directory's pages need the trailing slash.
      std::string location = target + "/";
      SendAll(fd, "HTTP/1.0 301 Moved Permanently\r\nLocation: " + location +
                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    return Respond(fd, 200, "OK", "text/html; charset=utf-8", Listing(real, path), head);
  }
  std::ifstream in(real, std::ios::binary);
  if (!in) return RespondText(fd, 404, "Not Found", "no such file", head);
  std::ostringstream body;
  body << in.rdbuf();
  Respond(fd, 200, "OK", ContentType(real), body.str(), head);
}

}  // namespace serve_impl
}  // namespace

int Serve(const std::string& store, int port) {
  using namespace serve_impl;
  std::error_code ec;
  const fs::path root = fs::canonical(store, ec);
  if (ec || !fs::is_directory(root)) {
    std::fprintf(stderr, "glomers serve: no store directory %s\n", store.c_str());
    return 2;
  }
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) {
    std::fprintf(stderr, "glomers serve: socket: %s\n", std::strerror(errno));
    return 2;
  }
  const int on = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, 16) != 0) {
    std::fprintf(stderr, "glomers serve: cannot listen on 127.0.0.1:%d: %s\n", port, std::strerror(errno));
    ::close(listener);
    return 2;
  }
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::printf("serving %s at http://127.0.0.1:%d/\n", root.c_str(), ntohs(addr.sin_port));
  std::fflush(stdout);
  for (;;) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      std::fprintf(stderr, "glomers serve: accept: %s\n", std::strerror(errno));
      ::close(listener);
      return 2;
    }
    // A client that sends nothing must not hold up the others for long.
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    Handle(fd, root);
    ::close(fd);
  }
}

}  // namespace glomers::bench
