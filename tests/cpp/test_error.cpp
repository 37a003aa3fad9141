// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/error.hpp>

#include <catch2/catch.hpp>

using namespace alinea;

TEST_CASE("every error code has a stable name and a message listed in docs/errors.md", "[error]") {
  const std::string doc = test::slurp(test::source_dir() / "docs" / "errors.md");
  for (int c = 1; c <= static_cast<int>(errc::invalid_json); ++c) {
    const auto code = static_cast<errc>(c);
    const auto name = std::string(error_code_name(code));
    CAPTURE(name);
    CHECK(name.size() == 4);
    CHECK(name[0] == 'A');
    CHECK(error_message(code) != "unknown error");
    CHECK(doc.find("| " + name + " |") != std::string::npos);
  }
}

TEST_CASE("error messages carry file, line, column and code", "[error]") {
  const parse_error e(errc::invalid_utf8, "invalid UTF-8", error_location{"a.txt", 10, 2, 5});
  CHECK(std::string(e.what()) == "a.txt:2:5: invalid UTF-8 (A001)");
  CHECK(e.code() == errc::invalid_utf8);
  CHECK(e.where().offset == 10);
  const io_error io("cannot open", "missing.txt", ENOENT);
  CHECK(io.code() == errc::io_failure);
  CHECK(io.sys_errno() == ENOENT);
  CHECK(std::string(io.what()).starts_with("missing.txt: cannot open: "));
}
