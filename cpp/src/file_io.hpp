// SPDX-License-Identifier: MIT
// Reading whole files, with errors as io_error.
#pragma once

#include <filesystem>
#include <string>

namespace alinea::detail {

/// The bytes of the file at `path`. Throws io_error (A004) naming the path if it cannot be
/// opened or read, or is a directory.
std::string read_whole_file(const std::filesystem::path &path);

} // namespace alinea::detail
