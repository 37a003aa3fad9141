// SPDX-License-Identifier: MIT
// What the C++ benchmarks share: reading files (a file whole, the seeds' text), and timing in
// CPU time of the thread (best of N), so that other processes on a shared machine count less.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <time.h>

namespace bench {

inline std::string slurp(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The .txt files of `dir` in name order, each followed by a blank line ("" if there is none).
inline std::string text_of_files(const std::filesystem::path &dir) {
  std::string out;
  if (!std::filesystem::is_directory(dir)) return out;
  std::vector<std::filesystem::path> files;
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto &f : files)
    out += slurp(f) + "\n\n";
  return out;
}

inline double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// The best of `runs` runs of f, in CPU seconds.
template <class F> double best_seconds(int runs, F &&f) {
  double best = 1e300;
  for (int k = 0; k < runs; ++k) {
    const double t0 = cpu_seconds();
    f();
    best = std::min(best, cpu_seconds() - t0);
  }
  return best;
}

} // namespace bench
