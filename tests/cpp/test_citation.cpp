// SPDX-License-Identifier: MIT
#include <alinea/citation.hpp>
#include <alinea/error.hpp>
#include <alinea/ingest.hpp>

#include <catch2/catch.hpp>

using namespace alinea;

namespace {
std::string_view text_of(const document &doc, const passage &p) {
  return std::string_view(doc.text()).substr(p.begin, p.end - p.begin);
}
errc error_of(const document &doc, std::string_view c) {
  try {
    (void)resolve(doc, c);
  } catch (const error &e) {
    return e.code();
  }
  return errc::ok;
}
} // namespace

TEST_CASE("citations parse and print canonically", "[citation]") {
  const auto c = parse_citation("kazak-thaw:3.2-4.1");
  CHECK(c.document == "kazak-thaw");
  CHECK(c.first == citation_point{3, 2});
  CHECK(c.last == citation_point{4, 1});
  CHECK(to_string(c) == "kazak-thaw:3.2-4.1");
  CHECK(to_string(parse_citation("a.b_c:7")) == "a.b_c:7");
  for (const char *bad : {"nocolon", ":1", "d:", "d:0", "d:1.0", "d:01", "d:1-", "d:a", "d d:1"})
    CHECK_THROWS_AS(parse_citation(bad), argument_error);
}

TEST_CASE("citations resolve to paragraphs, sentences and ranges", "[citation]") {
  const auto doc = parse("One. Two.\n\nThree. Four.\n\nFive.", {.id = "d"});
  CHECK(text_of(doc, resolve(doc, "d:2")) == "Three. Four.");
  CHECK(text_of(doc, resolve(doc, "d:2.2")) == "Four.");
  CHECK(text_of(doc, resolve(doc, "d:1-2")) == "One. Two.\n\nThree. Four.");
  CHECK(text_of(doc, resolve(doc, "d:1.2-3")) == "Two.\n\nThree. Four.\n\nFive.");
  CHECK(error_of(doc, "d:4") == errc::unresolved_citation);
  CHECK(error_of(doc, "d:1.3") == errc::unresolved_citation);
  CHECK(error_of(doc, "e:1") == errc::unresolved_citation);
  CHECK(error_of(doc, "d:3-1") == errc::unresolved_citation);
  CHECK(error_of(doc, "d:one") == errc::invalid_argument);
}
