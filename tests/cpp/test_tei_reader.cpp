// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/error.hpp>
#include <alinea/ingest.hpp>
#include <alinea/sentences.hpp>
#include <alinea/tei.hpp>

#include <catch2/catch.hpp>

#include <random>

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

TEST_CASE("other projects' TEI: blocks, paragraphs, notes last, layers by family", "[tei][reader][import]") {
  const std::string xml =
      "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title>T\n  one</title>"
      "</titleStmt></fileDesc></teiHeader><text><body><div type=\"act\" n=\"3\"><head>Act III</head>"
      "<p>Met <persName ref=\"#a\">Ada</persName> on <date when=\"1843\">1843</date>.<note>N.</note></p>"
      "<p><choice><sic>teh</sic><corr>the</corr></choice> end<lb/>of<pb n=\"2\"/> line</p>"
      "<lg><l>a</l> <l>b</l></lg></div></body></text></TEI>";
  const auto doc = tei::read(xml, "dir/some file.xml");
  CHECK(doc.meta().title == "T one");
  CHECK(doc.meta().id == "some-file");
  CHECK(doc.meta().source == "some file.xml");
  REQUIRE(doc.blocks().size() == 5);
  CHECK(doc.blocks()[0].kind == block_kind::heading);
  CHECK(doc.blocks()[0].n == 3);
  CHECK(doc.blocks()[0].division == division_kind::act);
  REQUIRE(doc.paragraph_count() == 3);
  CHECK(doc.text_of(doc.paragraph(1)) == "Met Ada on 1843.");
  CHECK(doc.text_of(doc.paragraph(2)) == "the end of line");
  CHECK(doc.text_of(doc.paragraph(3)) == "a\nb");
  CHECK(doc.blocks()[4].kind == block_kind::note);
  CHECK(doc.text_of(doc.blocks()[4]) == "N.");
  const auto *names = doc.find_layer("names");
  REQUIRE(names);
  REQUIRE(names->size() == 1);
  CHECK(names->type(0) == "persName");
  CHECK(names->attribute_value(0, "ref") == "#a");
  CHECK(doc.text().substr(names->begin(0), names->end(0) - names->begin(0)) == "Ada");
  const auto *choices = doc.find_layer("choices");
  REQUIRE(choices);
  CHECK(choices->attribute_value(0, "sic") == "teh");
  const auto *pages = doc.find_layer("pages");
  REQUIRE(pages);
  CHECK(pages->attribute_value(0, "n") == "2");
  CHECK(doc.find_layer("dates"));
  CHECK(doc.find_layer("notes"));
}

TEST_CASE("teiCorpus: read_corpus gives one document per TEI; read refuses it", "[tei][reader][import]") {
  const std::string xml = "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/>"
                          "<TEI xml:id=\"one\"><text><body><p>A</p></body></text></TEI>"
                          "<teiCorpus><TEI><text><body><p>B</p></body></text></TEI></teiCorpus></teiCorpus>";
  const auto docs = tei::read_corpus(xml, "c.xml");
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].meta().id == "one");
  CHECK(docs[1].meta().id == "c-2");
  CHECK(docs[1].text() == "B");
  const auto e = read_error(xml);
  CHECK(e.code() == errc::unsupported_tei);
  CHECK(std::string(e.what()).find("read_corpus") != std::string::npos);
  // alinea's own output inside the same API still round-trips
  const auto own = parse("Title\n\nBody *text*.", {.id = "own"});
  const auto back = tei::read_corpus(tei::to_string(own));
  REQUIRE(back.size() == 1);
  CHECK(back[0] == own);
}

TEST_CASE("encodings: UTF-16 and declared latin-1 are converted, others refused", "[tei][reader][import]") {
  const std::string body = "<TEI><text><body><p>caf\xE9</p></body></text></TEI>";
  const auto latin1 = tei::read("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + body);
  CHECK(latin1.text() == "caf\xC3\xA9");
  std::string utf16 = "\xFF\xFE";
  for (const char c : std::string("<TEI><text><body><p>ok</p></body></text></TEI>")) {
    utf16 += c;
    utf16 += '\0';
  }
  CHECK(tei::read(utf16).text() == "ok");
  CHECK(read_error(body).code() == errc::invalid_utf8); // latin-1 bytes, no declaration
  CHECK(read_error("<?xml version=\"1.0\" encoding=\"windows-1252\"?><TEI/>").code() == errc::malformed_xml);
  CHECK(tei::read("<?xml version=\"1.0\" "
                  "encoding=\"ISO-8859-1\"?><TEI><text><body><p>caf\xC3\xA9</p></body></text></TEI>",
                  {}, {.assume_utf8 = true})
            .text() == "caf\xC3\xA9");
}

TEST_CASE("hostile XML in other TEI: a million nested divisions, entities left as text",
          "[tei][reader][errors]") {
  std::string deep = "<TEI><text><body>";
  for (int i = 0; i < 1000000; ++i)
    deep += "<div>";
  deep += "<p>y</p>";
  for (int i = 0; i < 1000000; ++i)
    deep += "</div>";
  deep += "</body></text></TEI>";
  const auto doc = tei::read(deep);
  CHECK(doc.text() == "y");
  const auto xxe = tei::read("<!DOCTYPE TEI [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                             "<TEI><text><body><p>&x;</p></body></text></TEI>");
  CHECK(xxe.text() == "&x;");
}

namespace {

// A seeded generator of layers over a document: random spans (empty ones, in gaps between
// blocks, across blocks, the whole text), types from TEI and users, attributes valid and not,
// provenance.
class layer_generator {
public:
  explicit layer_generator(std::uint32_t seed) : rng_(seed) {}

  document decorate(document doc) {
    const std::size_t cps = doc.code_point_count();
    const auto layer_count = pick(5);
    for (std::size_t li = 0; li <= layer_count; ++li) {
      const std::string name = pick_of(layer_names);
      if (doc.find_layer(name)) continue;
      doc.add_layer(name); // some layers stay empty
      const auto n = pick(12);
      for (std::size_t k = 0; k < n; ++k) {
        std::size_t b = pick(cps), e = b + pick(std::min<std::size_t>(cps - b, 40));
        if (pick(8) == 0) e = b;           // empty
        if (pick(20) == 0) b = 0, e = cps; // everything
        const std::string type = pick_of(types);
        std::vector<attribute> attrs;
        for (auto a = pick(3); a > 0; --a)
          attrs.push_back({pick_of(attribute_names), pick_of(values)});
        if (type == "s" && pick(2) == 0) attrs = {{"n", std::to_string(1 + pick(4))}};
        provenance p;
        const std::string annotator = pick_of(annotators), version = pick_of(versions);
        p.annotator = annotator;
        p.version = version;
        if (pick(3) == 0) p.confidence = static_cast<double>(pick(1000)) / 1000.0;
        doc.annotate(name, doc.to_byte(b), doc.to_byte(e), type, attrs, p);
      }
    }
    return doc;
  }

private:
  std::size_t pick(std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n)(rng_);
  }
  template <std::size_t N> std::string pick_of(const char *const (&options)[N]) {
    return options[pick(N - 1)];
  }

  static constexpr const char *layer_names[] = {"names",         "dates",     "quotations", "emphasis",
                                                "pages",         "sentences", "terms",      "topics",
                                                " spaced name ", "x<&>\"y"};
  static constexpr const char *types[] = {
      "persName", "placeName", "orgName", "date",  "q",   "said", "hi",    "pb",      "s",
      "term",     "foreign",   "seg",     "title", "num", "rs",   "topic", "my:type", "caf\xC3\xA9"};
  static constexpr const char *attribute_names[] = {"ref", "when", "type", "rend", "who",    "xml:lang",
                                                    "n",   "key",  "resp", "ana",  "xml:id", "color"};
  static constexpr const char *values[] = {
      "#a",     "2001-09-11", "italic",           "en",   "1",    " spaced ",     "a\nb\r\tc",
      "<&>\"'", "",           "http://x.org/a b", "1843", "bold", "\xE2\x80\x94", "#x #y"};
  static constexpr const char *annotators[] = {"", "", "spacy", "me", " a\tb "};
  static constexpr const char *versions[] = {"", "3.7.2", "1"};
  std::mt19937 rng_;
};

const char *const round_trip_texts[] = {
    "Title Line\n\nA first paragraph with *emphasis* and \xE2\x80\x9Cquotes\xE2\x80\x9D. Its second "
    "sentence.\n\nCHAPTER II.\n\n- one\n- two\n\n> quoted text\n\nBy Jane Doe\n\nLast paragraph "
    "\xF0\x9F\x98\x80 "
    "here.\n\nSupport our journalists\n",
    "Only one paragraph, with caf\xC3\xA9 and e\xCC\x81.",
    "Heading\n\nOne.\n\nTwo.\n\nThree.",
};

} // namespace

TEST_CASE("any layers round-trip through TEI, with every write option", "[tei][reader][layers]") {
  std::size_t checked = 0;
  for (std::uint32_t seed = 1; seed <= 150; ++seed) {
    layer_generator gen(seed);
    const auto base =
        with_sentences(parse(round_trip_texts[seed % std::size(round_trip_texts)], {.id = "r"}));
    const auto doc = gen.decorate(base);
    CAPTURE(seed);
    tei::write_options options;
    options.indent = seed % 2 == 0;
    if (seed % 5 == 0) options.all_standoff = true;
    if (seed % 7 == 0) options.standoff_layers = {"names", "sentences"};
    const auto xml = tei::to_string(doc, options);
    CAPTURE(xml);
    const auto back = tei::read(xml);
    REQUIRE(back == doc);
    CHECK(back.source_text() == doc.source_text());
    CHECK(tei::to_string(back, options) == xml); // deterministic, whatever the storage order
    ++checked;
  }
  CHECK(checked == 150);
}

TEST_CASE("alinea TEI whose layers point nowhere is unsupported TEI", "[tei][reader][layers]") {
  auto doc = parse("Para one.", {.id = "bad"});
  doc.annotate("topics", 0, 4, "topic");
  const auto xml = tei::to_string(doc);
  auto broken = xml;
  broken.replace(broken.find("corresp=\"#L2\""), 13, "corresp=\"#L9\"");
  CHECK(read_error(broken).code() == errc::unsupported_tei);
  broken = xml;
  broken.replace(broken.find("string-range(p1,0,4)"), 20, "string-range(p1,0,99)");
  CHECK(read_error(broken).code() == errc::unsupported_tei);
}

TEST_CASE("other projects' TEI: white space collapses the same at any length and position",
          "[tei][reader][import]") {
  // Runs of words and of white space of every length, so that the sixteen-byte scans stop at
  // every position of a chunk and meet the end of a value at every position.
  const auto collapsed = [](std::string_view s) {
    std::string out;
    bool space = false;
    for (const char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = !out.empty();
      } else {
        if (space) out += ' ';
        space = false;
        out += c;
      }
    }
    return out;
  };
  std::mt19937 random(7);
  const std::string_view alphabet = "ab       \t\n\n  \r  xy          ";
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const auto n = random() % 120;
    for (std::size_t k = 0; k < n; ++k)
      s += alphabet[random() % alphabet.size()];
    const std::string xml =
        "<TEI><text><body><p>" + s + "<hi>" + s + "</hi>" + s + "</p></body></text></TEI>";
    INFO(s);
    CHECK(tei::read(xml).text() == collapsed(s + s + s));
  }
}
