// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/error.hpp>
#include <alinea/ingest.hpp>
#include <alinea/tei.hpp>
#include <alinea/version.hpp>

#include <catch2/catch.hpp>
#include <pugixml.hpp>

using namespace alinea;

namespace {

pugi::xml_document load(const std::string &xml) {
  pugi::xml_document dom;
  const auto result = dom.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  INFO(result.description() << " at " << result.offset);
  REQUIRE(result);
  return dom;
}

// The string value of an element: all its text, inline elements included.
std::string all_text(const pugi::xml_node &n) {
  return pugi::xpath_query("string(.)").evaluate_string(n);
}

const char *const awkward = "Caf\xC3\xA9 & <Co> \"quoted\" 'single' \xE2\x80\x93 tab\there\n\n"
                            "Emoji \xF0\x9F\x98\x80 and e\xCC\x81 and ]]> end.";

} // namespace

TEST_CASE("every paragraph becomes <p xml:id n> with its exact text", "[tei]") {
  const auto doc = parse(awkward, {.id = "awk"});
  const auto dom = load(tei::to_string(doc));
  const auto ps = dom.select_nodes("/TEI/text/body/div/p");
  REQUIRE(ps.size() == doc.paragraph_count());
  std::size_t n = 1;
  for (const auto &node : ps) {
    const auto p = node.node();
    CHECK(std::string(p.attribute("n").value()) == std::to_string(n));
    CHECK(std::string(p.attribute("xml:id").value()) == "p" + std::to_string(n));
    CHECK(all_text(p) == doc.text_of(doc.paragraph(n)));
    ++n;
  }
}

TEST_CASE("the header names the title, source, citation scheme and application", "[tei]") {
  const auto doc = parse("The Title\n\nBody text.", {.source_name = "dir/the-file.txt"});
  const auto dom = load(tei::to_string(doc));
  CHECK(std::string(dom.select_node("/TEI/teiHeader/fileDesc/titleStmt/title").node().text().get()) ==
        "The Title");
  CHECK(std::string(dom.select_node("//sourceDesc/bibl/idno[@type='filename']").node().text().get()) ==
        "the-file.txt");
  CHECK(std::string(dom.select_node("//publicationStmt/idno").node().text().get()) == "the-file");
  const auto cite = dom.select_node("//refsDecl/citeStructure").node();
  CHECK(std::string(cite.attribute("use").value()) == "@n");
  CHECK(std::string(cite.attribute("unit").value()) == "paragraph");
  const auto app = dom.select_node("//appInfo/application[@ident='alinea']").node();
  CHECK(std::string(app.attribute("version").value()) == version);
  CHECK(std::string(dom.select_node("/TEI/text/front/docTitle/titlePart").node().text().get()) ==
        "The Title");
}

TEST_CASE("output is deterministic and the compact form carries the same text", "[tei]") {
  const auto doc = parse(awkward);
  CHECK(tei::to_string(doc) == tei::to_string(parse(awkward)));
  const auto compact = tei::to_string(doc, {.indent = false});
  CHECK(compact.find("\n  <") == std::string::npos);
  const auto dom = load(compact);
  CHECK(all_text(dom.select_node("//body/div/p[@n='1']").node()) == doc.text_of(doc.paragraph(1)));
}

TEST_CASE("write_file replaces the target atomically and leaves nothing on failure", "[tei][io]") {
  const auto dir = test::scratch_dir("tei-write");
  const auto target = dir / "out.xml";
  tei::write_file(parse("Hello.", {.id = "h"}), target);
  CHECK(test::slurp(target) == tei::to_string(parse("Hello.", {.id = "h"})));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto &e : std::filesystem::directory_iterator(dir))
    ++files;
  CHECK(files == 1); // no temporary file left behind

  try {
    tei::write_file(parse("Hello."), dir / "missing-dir" / "out.xml");
    FAIL("writing into a missing directory should fail");
  } catch (const io_error &e) {
    CHECK(e.code() == errc::io_failure);
    CHECK(e.where().file.find("missing-dir") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir / "missing-dir"));
}

TEST_CASE("a sink receives the same bytes as to_string", "[tei]") {
  struct counting_sink final : tei::sink {
    std::string data;
    void write(const char *p, std::size_t n) override { data.append(p, n); }
  } sink;
  const auto doc = parse(awkward);
  tei::write(doc, sink);
  CHECK(sink.data == tei::to_string(doc));
}
