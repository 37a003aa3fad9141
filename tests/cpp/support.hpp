// SPDX-License-Identifier: MIT
// Helpers shared by the C++ tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace alinea::test {

inline std::filesystem::path shared_dir() {
  return ALINEA_SHARED_DIR;
}
inline std::filesystem::path source_dir() {
  return ALINEA_SOURCE_DIR;
}

inline std::string slurp(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh, empty directory for one test.
inline std::filesystem::path scratch_dir(const std::string &name) {
  auto dir = std::filesystem::temp_directory_path() / ("alinea-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

} // namespace alinea::test
