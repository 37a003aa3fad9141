// SPDX-License-Identifier: MIT
#include "file_io.hpp"

#include <alinea/error.hpp>

#include <cerrno>
#include <cstdio>
#include <memory>

namespace alinea::detail {

std::string read_whole_file(const std::filesystem::path &path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw io_error("cannot read", name, EISDIR);
  std::unique_ptr<std::FILE, int (*)(std::FILE *)> f(std::fopen(name.c_str(), "rb"), &std::fclose);
  if (!f) throw io_error("cannot open", name, errno);
  std::string data;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) data.reserve(static_cast<std::size_t>(size));
  char buf[1 << 16];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f.get())) > 0)
    data.append(buf, got);
  if (std::ferror(f.get())) throw io_error("cannot read", name, errno);
  return data;
}

} // namespace alinea::detail
