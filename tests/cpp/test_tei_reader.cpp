// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/error.hpp>
#include <alinea/ingest.hpp>
#include <alinea/tei.hpp>

#include <catch2/catch.hpp>

using namespace alinea;

namespace {

parse_error read_error(std::string_view xml) {
  try {
    (void)tei::read(xml, "in.xml");
  } catch (const parse_error &e) {
    return e;
  }
  FAIL("no parse_error");
  throw;
}

} // namespace

TEST_CASE("reading written TEI gives the same document and the same source", "[tei][reader]") {
  const std::string inputs[] = {
      "\xEF\xBB\xBFTitle Line\r\n\r\nA paragraph with *emphasis*, wrapped at a fixed width so that\r\nthe "
      "lines are joined again, and a hyphen-\r\nated word.\r\n\r\n12\r\n\r\nCHAPTER II.\r\n\r\n- one\r\n- "
      "two\r\n\r\n> quoted text\r\n\r\n13\r\n\r\nSupport our journalists\r\n",
      "Plain\n\nText with & and < and > and \"quotes\".\n",
      std::string("caf\xC3\xA9 \0 lenient \x01 mode\n\nsecond", 30),
  };
  for (const auto &input : inputs) {
    CAPTURE(input);
    parse_options options;
    options.lenient = true;
    const auto doc = parse(input, options);
    for (const bool indent : {true, false}) {
      const auto back = tei::read(tei::to_string(doc, {.indent = indent}));
      CHECK(back == doc);
      CHECK(back.source_text() == input);
    }
  }
}

TEST_CASE("reading TEI files from disk", "[tei][reader][io]") {
  const auto dir = test::scratch_dir("tei-read");
  const auto doc = parse("Title\n\nBody.", {.id = "t"});
  tei::write_file(doc, dir / "t.xml");
  CHECK(tei::read_file(dir / "t.xml") == doc);
  CHECK_THROWS_AS(tei::read_file(dir / "missing.xml"), io_error);
}

TEST_CASE("malformed XML, TEI P4 and other XML are clear errors", "[tei][reader][errors]") {
  const auto truncated = read_error("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>");
  CHECK(truncated.code() == errc::malformed_xml);
  CHECK(truncated.where().file == "in.xml");
  CHECK(truncated.where().line == 1);

  const auto p4 = read_error("<TEI.2><teiHeader/><text/></TEI.2>");
  CHECK(p4.code() == errc::unsupported_tei);
  CHECK(std::string(p4.what()).find("TEI P4") != std::string::npos);

  CHECK(read_error("<html><body/></html>").code() == errc::unsupported_tei);
  CHECK(read_error("").code() == errc::malformed_xml);
}

TEST_CASE("hostile XML: entities are not expanded and deep nesting does not exhaust the stack",
          "[tei][reader][errors]") {
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><TEI><text><body><div><p "
      "xml:id=\"p1\" n=\"1\">&lol2;</p></div></body></text></TEI>";
  const auto doc = tei::read(laughs);
  CHECK(doc.text().size() < 64); // the entity reference is left as it is, never expanded

  std::string deep = "<TEI><text><body><div><p xml:id=\"p1\" n=\"1\">";
  for (int i = 0; i < 200000; ++i)
    deep += "<hi>";
  deep += "x";
  for (int i = 0; i < 200000; ++i)
    deep += "</hi>";
  deep += "</p></div></body></text></TEI>";
  const auto nested = tei::read(deep);
  CHECK(nested.text() == "x");
}
