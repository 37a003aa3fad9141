// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/error.hpp>
#include <alinea/ingest.hpp>
#include <alinea/sentences.hpp>
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

namespace {

const char *const layered_text = "A Title\n\nAda Lovelace met Charles Babbage in London.\n\nSecond paragraph "
                                 "here, with caf\xC3\xA9.\n\n- one item\n- two items\n";

// The span of `needle` in the document's text, in bytes.
std::pair<std::size_t, std::size_t> span_of(const document &doc, std::string_view needle) {
  const auto at = doc.text().find(needle);
  REQUIRE(at != std::string::npos);
  return {at, at + needle.size()};
}

pugi::xpath_node_set select(const pugi::xml_document &dom, const char *xpath) {
  return dom.select_nodes(xpath);
}

} // namespace

TEST_CASE("annotations that nest are inline; crossing ones go to standOff; nothing is dropped",
          "[tei][layers]") {
  auto doc = parse(layered_text, {.id = "lay"});
  const auto [ab, ae] = span_of(doc, "Ada Lovelace");
  const auto [lb, le] = span_of(doc, "Lovelace met Charles");
  const auto [cb, ce] = span_of(doc, "Charles Babbage");
  const attribute ref{"ref", "https://www.wikidata.org/wiki/Q7259"};
  doc.annotate("names", ab, ae, "persName", {&ref, 1}, {"spacy", "3.7", 0.5});
  doc.annotate("names", cb, ce, "persName");
  doc.annotate("names", ab, ab + 3, "persName"); // nests inside "Ada Lovelace"
  doc.annotate("crossing", lb, le, "seg");       // crosses both names
  doc.annotate("topics", ab, ce, "topic", {}, {"me", "", std::nullopt});
  const auto xml = tei::to_string(doc);
  const auto dom = load(xml);
  const auto p1 = dom.select_node("//body//p[@n='1']").node();
  REQUIRE(p1);
  const auto persons = p1.select_nodes(".//persName");
  REQUIRE(persons.size() == 3);
  CHECK(all_text(persons[0].node()) == "Ada Lovelace");
  CHECK(std::string(persons[0].node().attribute("ref").value()) == ref.value);
  CHECK(std::string(persons[0].node().attribute("cert").value()) == "0.5");
  CHECK(std::string(persons[0].node().attribute("resp").value()) == "#r1");
  CHECK(all_text(persons[1].node()) == "Ada");
  CHECK(std::string(persons[1].node().parent().name()) == "persName");
  CHECK(all_text(persons[2].node()) == "Charles Babbage");
  CHECK(all_text(p1) == "Ada Lovelace met Charles Babbage in London.");
  // The crossing seg and the user's topic are in standOff, each in its layer's list.
  const auto lists = select(dom, "/TEI/standOff/listAnnotation[@type='alinea-layer']");
  REQUIRE(lists.size() == 2);
  std::size_t crossing = 0;
  while (doc.layers()[crossing].name() != "crossing")
    ++crossing;
  CHECK(std::string(lists[0].node().attribute("corresp").value()) == "#L" + std::to_string(crossing + 1));
  const auto seg = lists[0].node().child("annotation");
  CHECK(std::string(seg.attribute("target").value()) == "#string-range(p1,4,20)");
  CHECK(std::string(seg.child("note").text().get()) == "seg");
  // The layers are declared, so that order and names come back; the respStmts name the annotators.
  const auto interps = select(dom, "/TEI/standOff/interpGrp[@type='alinea-layers']/interp");
  REQUIRE(interps.size() == doc.layers().size());
  for (std::size_t k = 0; k < interps.size(); ++k)
    CHECK(std::string(interps[k].node().text().get()) == doc.layers()[k].name());
  const auto resp = select(dom, "/TEI/teiHeader/fileDesc/titleStmt/respStmt");
  REQUIRE(resp.size() == 2);
  CHECK(std::string(resp[0].node().child("name").text().get()) == "spacy");
  CHECK(std::string(resp[0].node().child("note").text().get()) == "3.7");
  CHECK(std::string(resp[1].node().attribute("xml:id").value()) == "r2");
  CHECK(tei::read(xml) == doc);
}

TEST_CASE("inline only with attributes TEI allows and values valid for their datatype", "[tei][layers]") {
  auto doc = parse(layered_text, {.id = "attrs"});
  const auto [ab, ae] = span_of(doc, "Ada Lovelace");
  const auto [lb, le] = span_of(doc, "London");
  const auto [sb, se] = span_of(doc, "Second");
  const auto add = [&](std::size_t b, std::size_t e, std::string_view type, std::string_view name,
                       std::string_view value) {
    const attribute a{std::string(name), std::string(value)};
    doc.annotate("names", b, e, type, {&a, 1});
  };
  add(ab, ae, "persName", "when", "1843-02-29");   // no such day: standOff
  add(ab, ae, "persName", "ref", "#ada lovelace"); // two pointers: inline
  add(lb, le, "placeName", "ref", "has space\t");  // not a pointer list: standOff
  add(lb, le, "placeName", "xml:lang", "en-GB");   // inline
  add(sb, se, "date", "when", "1843-09");          // inline
  add(sb, se, "date", "resp", "#someone");         // collides with bookkeeping: standOff
  add(sb, se, "date", "color", "red");             // not a TEI attribute of date: standOff
  add(sb, sb, "date", "when", "1843");             // empty: standOff
  const auto dom = load(tei::to_string(doc));
  CHECK(select(dom, "//body//persName").size() == 1);
  CHECK(select(dom, "//body//persName[@ref='#ada lovelace']").size() == 1);
  CHECK(select(dom, "//body//placeName[@xml:lang='en-GB']").size() == 1);
  CHECK(select(dom, "//body//placeName").size() == 1);
  CHECK(select(dom, "//body//date[@when='1843-09']").size() == 1);
  CHECK(select(dom, "//body//date").size() == 1);
  CHECK(select(dom, "/TEI/standOff/listAnnotation[@type='alinea-layer']/annotation").size() == 5);
  CHECK(tei::read(tei::to_string(doc)) == doc);
}

TEST_CASE("sentences stay s with their ids; emphasis, pages and sentences need no declaration",
          "[tei][layers]") {
  const auto doc = with_sentences(parse("Title\n\nOne *two* three. Four five.\n\nSix.", {.id = "s"}));
  const auto xml = tei::to_string(doc);
  const auto dom = load(xml);
  CHECK(select(dom, "//p[@n='1']/s[@xml:id='p1.s1'][@n='1']").size() == 1);
  CHECK(select(dom, "//p[@n='1']/s[@xml:id='p1.s2'][@n='2']").size() == 1);
  CHECK(select(dom, "//s/hi[@rend='italic']").size() == 1);
  CHECK(select(dom, "//interpGrp").empty());
  CHECK(select(dom, "//listAnnotation[@type='alinea-layer']").empty());
  CHECK(tei::read(xml) == doc);
}

TEST_CASE("write options: standoff_layers and all_standoff move layers out of the text", "[tei][layers]") {
  auto doc = with_sentences(parse(layered_text, {.id = "opt"}));
  const auto [ab, ae] = span_of(doc, "Ada Lovelace");
  doc.annotate("names", ab, ae, "persName");
  tei::write_options some;
  some.standoff_layers = {"names"};
  const auto dom = load(tei::to_string(doc, some));
  CHECK(select(dom, "//body//persName").empty());
  CHECK(select(dom, "//body//s").size() > 0);
  CHECK(tei::read(tei::to_string(doc, some)) == doc);
  tei::write_options all;
  all.all_standoff = true;
  all.indent = false;
  const auto bare = load(tei::to_string(doc, all));
  CHECK(select(bare, "//body//s").empty());
  CHECK(select(bare, "//body//persName").empty());
  CHECK(tei::read(tei::to_string(doc, all)) == doc);
}

TEST_CASE("confidence is written as the shortest decimal that reads back exactly", "[tei][layers]") {
  auto doc = parse("Para one.", {.id = "c"});
  const double values[] = {0.0, 1.0, 0.1, 1.0 / 3.0, 5e-324, 0.999999999999};
  for (const double v : values)
    doc.annotate("scores", 0, 4, "seg", {}, {"", "", v});
  const auto xml = tei::to_string(doc);
  CHECK(xml.find("cert=\"0.1\"") != std::string::npos);
  CHECK(xml.find("cert=\"0.3333333333333333\"") != std::string::npos);
  CHECK(xml.find("cert=\"5e-324\"") != std::string::npos);
  CHECK(tei::read(xml) == doc);
}
