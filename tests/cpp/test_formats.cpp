// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/error.hpp>
#include <alinea/formats.hpp>
#include <alinea/ingest.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace alinea;

namespace {

// A small document with multi-byte text, a layer with attributes, an empty annotation and an
// annotation whose attribute name repeats.
document sample() {
  const std::string text =
      "Caf\xC3\xA9 \xE2\x80\x9CTitle\xE2\x80\x9D\n\nAda met \xF0\x9F\x90\x8D in Z\xC3\xBCrich.\n\n"
      "Line \"two\"\\\ttab\x01.";
  std::vector<block> blocks{{block_kind::title, 0, 17, 0, division_kind::none},
                            {block_kind::paragraph, 19, 43, 1, division_kind::none},
                            {block_kind::paragraph, 45, text.size(), 2, division_kind::none}};
  layer names("names");
  const std::vector<attribute> ref{{"ref", "https://www.wikidata.org/wiki/Q7259"}, {"cert", "high"}};
  names.add(19, 22, "persName", ref);
  names.add(35, 42, "placeName");
  names.add(31, 31, "pb", "n", "12");
  const std::vector<attribute> twice{{"n", "1"}, {"n", "2"}};
  names.add(45, 49, "seg", twice);
  layer edits{std::string(edits_layer_name)};
  edits.add(0, 1, "line-join", "orig", "c");
  layer empty("empty");
  std::vector<layer> layers;
  layers.push_back(std::move(names));
  layers.push_back(std::move(edits));
  layers.push_back(std::move(empty));
  return document(text, metadata{"demo", "Caf\xC3\xA9 \xE2\x80\x9CTitle\xE2\x80\x9D", "demo.txt"},
                  std::move(blocks), std::move(layers));
}

errc code_of(std::string_view json) {
  try {
    (void)from_json(json);
  } catch (const parse_error &e) {
    return e.code();
  }
  return errc::ok;
}

} // namespace

TEST_CASE("JSON: a document round-trips losslessly", "[formats][json]") {
  const auto doc = sample();
  const auto json = to_json(doc);
  CHECK(json.starts_with("{\"alinea\":"));
  CHECK(json.find("\"offsets\":\"code points\"") != std::string::npos);
  CHECK(json.find("\\u0001") != std::string::npos);
  CHECK(json.find("\\t") != std::string::npos);
  CHECK(json.find("\\\"two\\\"") != std::string::npos);
  CHECK(json.find("\"attributes\":{\"ref\":") != std::string::npos);
  CHECK(json.find("\"attributes\":[[\"n\",\"1\"],[\"n\",\"2\"]]") != std::string::npos);
  // Offsets are code points: "Ada" starts at code point 14 (byte 19).
  CHECK(json.find("{\"start\":14,\"end\":17,\"type\":\"persName\"") != std::string::npos);
  const auto back = from_json(json);
  CHECK(back == doc);
  CHECK(to_json(back) == json);
}

TEST_CASE("JSON: parsed documents, samples and seeds round-trip", "[formats][json][seeds]") {
  std::vector<std::filesystem::path> files;
  for (const auto &e : std::filesystem::directory_iterator(test::source_dir() / "tests" / "data" / "ingest"))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  for (const auto &e : std::filesystem::directory_iterator(test::source_dir() / "docs" / "samples"))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  const auto seeds = test::shared_dir() / "seeds";
  if (std::filesystem::exists(seeds))
    for (const auto &e : std::filesystem::directory_iterator(seeds))
      if (e.path().extension() == ".txt") files.push_back(e.path());
  REQUIRE(files.size() > 5);
  for (const auto &path : files) {
    CAPTURE(path.string());
    parse_options options;
    options.lenient = true;
    const auto doc = read_file(path, options);
    const auto back = from_json(to_json(doc));
    CHECK(back == doc);
    CHECK(back.source_text() == doc.source_text());
  }
}

TEST_CASE("JSON: standard escapes and whitespace are read", "[formats][json]") {
  const auto doc = from_json(
      " {\n \"alinea\": \"0\", \"format\": 1, \"id\": \"x\", \"extra\": [null, true, false, -1.5e3, {}],\n"
      " \"text\": \"a\\u00e9\\ud83d\\udc0d\\/b\", \"blocks\": [{\"kind\": \"paragraph\", \"start\": 0, "
      "\"end\": 5, "
      "\"n\": 1}], \"layers\": [{\"name\": \"l\", \"annotations\": [{\"start\": 2, \"end\": 3, \"type\": "
      "\"t\", "
      "\"attributes\": {}}]}]}\t");
  CHECK(doc.text() == "a\xC3\xA9\xF0\x9F\x90\x8D/b");
  CHECK(doc.meta().title.empty());
  REQUIRE(doc.layers().size() == 1);
  CHECK(doc.layers()[0].begin(0) == 3); // code point 2 is the snake, at byte 3
  CHECK(doc.layers()[0].end(0) == 7);
  CHECK(doc.paragraph(1).end == doc.text().size());
}

TEST_CASE("JSON: malformed input is a parse_error A009 with a location", "[formats][json]") {
  const std::string good = to_json(sample());
  CHECK(code_of(good) == errc::ok);
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, good.size() / 2, good.size() - 1})
    CHECK(code_of(good.substr(0, cut)) == errc::invalid_json);
  CHECK(code_of("[]") == errc::invalid_json);
  CHECK(code_of("{\"a\":1,}") == errc::invalid_json);
  CHECK(code_of("{\"a\":01}") == errc::invalid_json);
  CHECK(code_of("{\"a\":\"\x01\"}") == errc::invalid_json);
  CHECK(code_of("{\"a\":\"\xC3\"}") == errc::invalid_json);
  CHECK(code_of("{\"a\":\"\\ud800\"}") == errc::invalid_json);
  CHECK(code_of("{\"a\":\"\\x\"}") == errc::invalid_json);
  CHECK(code_of("{\"a\":1,\"a\":2}") == errc::invalid_json);
  CHECK(code_of("{\"a\":1} x") == errc::invalid_json);
  CHECK(code_of(std::string(1000000, '[')) == errc::invalid_json); // no stack overflow
  CHECK(code_of(std::string(100, '[') + std::string(100, ']')) == errc::invalid_json);
  // Well-formed JSON that is not a valid document.
  std::string wrong = good;
  wrong.replace(wrong.find("\"format\":1"), 10, "\"format\":2");
  CHECK(code_of(wrong) == errc::invalid_json);
  wrong = good;
  wrong.replace(wrong.find("\"id\":\"demo\""), 11, "\"id\":\"a:b\"");
  CHECK(code_of(wrong) == errc::invalid_json);
  wrong = good;
  wrong.replace(wrong.find("\"start\":14,\"end\":17"), 19, "\"start\":14,\"end\":999");
  CHECK(code_of(wrong) == errc::invalid_json);
  wrong = good;
  wrong.replace(wrong.find("\"kind\":\"title\""), 14, "\"kind\":\"chapter\"");
  CHECK(code_of(wrong) == errc::invalid_json);
  try {
    (void)from_json("{\n  \"format\": 1,\n  \"alinea\": x}");
    FAIL("no error");
  } catch (const parse_error &e) {
    CHECK(e.where().offset == 29);
    CHECK(e.where().line == 3);
    CHECK(e.where().column == 13);
    CHECK(std::string(e.what()).find("(A009)") != std::string::npos);
  }
}

TEST_CASE("Web Annotation: selectors, bodies, source and the edits layer", "[formats][webanno]") {
  const auto doc = sample();
  const auto json = to_web_annotations(doc);
  CHECK(json.find("\"@context\":[\"http://www.w3.org/ns/anno.jsonld\"") != std::string::npos);
  CHECK(json.find("\"type\":\"AnnotationCollection\"") != std::string::npos);
  CHECK(json.find("\"alinea:offsets\":\"code points\"") != std::string::npos);
  CHECK(json.find("\"total\":4") != std::string::npos);
  CHECK(json.find("\"source\":\"urn:alinea:demo\"") != std::string::npos);
  CHECK(json.find("{\"type\":\"TextQuoteSelector\",\"exact\":\"Ada\",\"prefix\":\"Caf\xC3\xA9 "
                  "\xE2\x80\x9CTitle\xE2\x80\x9D\\n\\n\","
                  "\"suffix\":\" met \xF0\x9F\x90\x8D in Z\xC3\xBCrich.\\n\\nLine \\\"two\\\"\\\\\\tt\"},"
                  "{\"type\":\"TextPositionSelector\",\"start\":14,\"end\":17}") != std::string::npos);
  CHECK(json.find("\"purpose\":\"tagging\",\"value\":\"persName\"") != std::string::npos);
  CHECK(json.find("\"alinea:attribute\":\"ref\",\"value\":\"https://www.wikidata.org/wiki/Q7259\"") !=
        std::string::npos);
  CHECK(json.find("line-join") == std::string::npos);
  const auto with_edits = to_web_annotations(doc, "https://example.org/demo.txt", true);
  CHECK(with_edits.find("\"total\":5") != std::string::npos);
  CHECK(with_edits.find("line-join") != std::string::npos);
  CHECK(with_edits.find("\"source\":\"https://example.org/demo.txt\"") != std::string::npos);
  // The output is JSON our own reader accepts (it is not a document, so A009 comes from shape).
  try {
    (void)from_json(json);
  } catch (const parse_error &e) {
    CHECK(std::string(e.detail()).find("missing member \"format\"") != std::string::npos);
  }
}

TEST_CASE("plain text: title, blocks and paragraph numbers", "[formats][text]") {
  const auto doc = parse("A Title\n\nChapter One\n\nFirst paragraph.\n\nSecond paragraph.\n", {.id = "demo"});
  CHECK(to_plain_text(doc) == "A Title\n\nChapter One\n\n[1] First paragraph.\n\n[2] Second paragraph.\n");
  const auto faithful = parse("One.\n\nTwo.\n", parse_options::faithful());
  CHECK(to_plain_text(faithful) == "[1] One.\n\n[2] Two.\n");
  const document titled("x", {"d", "Given", ""}, {{block_kind::paragraph, 0, 1, 1, division_kind::none}}, {});
  CHECK(to_plain_text(titled) == "Given\n\n[1] x\n");
}

TEST_CASE("JSON and Web Annotation carry provenance", "[formats][json][webanno]") {
  document doc = parse("Ada met Grace in London.\n", {});
  doc.annotate("names", 0, 3, "persName", {}, provenance{"alinea.names", "0.1.0", 0.1});
  doc.annotate("names", 8, 13, "persName", {}, provenance{"", "", 1.0});
  doc.annotate("names", 17, 23, "placeName", {}, provenance{"Jane Roe", "", std::nullopt});
  const std::string json = to_json(doc);
  CHECK(json.find("\"annotator\":\"alinea.names\",\"version\":\"0.1.0\",\"confidence\":0.1}") !=
        std::string::npos);
  const document back = from_json(json);
  CHECK(back == doc);
  CHECK(back.find_layer("names")->made_by(0).confidence == 0.1);
  CHECK(back.find_layer("names")->made_by(2).annotator == "Jane Roe");
  const std::string w3c = to_web_annotations(doc, web_annotation_options{});
  CHECK(w3c.find("\"creator\":{\"name\":\"alinea.names\",\"alinea:version\":\"0.1.0\"},"
                 "\"alinea:confidence\":0.1,") != std::string::npos);
  CHECK(w3c.find("\"creator\":{\"name\":\"Jane Roe\"},") != std::string::npos);
  // A confidence outside [0, 1] or a type with a space is a JSON error with a position.
  std::string bad = json;
  bad.replace(bad.find("0.1}"), 3, "1.5");
  CHECK_THROWS_AS(from_json(bad), parse_error);
  bad = json;
  bad.replace(bad.find("\"placeName\""), 11, "\"place Name\"");
  try {
    from_json(bad);
    FAIL("no error");
  } catch (const parse_error &e) {
    CHECK(e.code() == errc::invalid_json);
    CHECK(e.where().offset > 0);
  }
}
