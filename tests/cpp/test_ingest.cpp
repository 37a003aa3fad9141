// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/error.hpp>
#include <alinea/ingest.hpp>

#include <catch2/catch.hpp>

#include <vector>

using namespace alinea;

namespace {

std::vector<std::string> paragraph_texts(const document &doc) {
  std::vector<std::string> out;
  for (std::size_t n = 1; n <= doc.paragraph_count(); ++n)
    out.emplace_back(doc.text_of(doc.paragraph(n)));
  return out;
}

// The exception of type E (an alinea::error) that f throws.
template <class E = error, class F> E expect_error(F &&f) {
  try {
    f();
  } catch (const E &e) {
    return e;
  }
  FAIL("no error was thrown");
  throw; // unreachable
}

} // namespace

TEST_CASE("the faithful preset makes only the normalizations XML needs", "[ingest]") {
  const std::string input = "A Title\n\nA paragraph cut at a page break in the middle of the\n\n"
                            "sentence, with *markup* and a hyphen-\nated word.\n";
  const auto repaired = parse(input);
  CHECK(repaired.paragraph_count() == 1);
  const auto faithful = parse(input, parse_options::faithful());
  CHECK(faithful.paragraph_count() == 3);
  CHECK(faithful.title_block() == nullptr);
  CHECK(faithful.text_of(faithful.paragraph(3)) == "sentence, with *markup* and a hyphen-\nated word.");
  CHECK(faithful.source_text() == input);
  CHECK(repaired.source_text() == input);
}

TEST_CASE("every kind of edit has a description", "[ingest]") {
  CHECK(edit_kinds().size() >= 14);
  for (const auto &k : edit_kinds())
    CHECK_FALSE(k.description.empty());
}

TEST_CASE("blocks are separated by blank lines; a short unpunctuated first line is the title", "[ingest]") {
  const auto doc = parse("A Short Title\n\nFirst paragraph,\nwrapped.\n\n\n  Second.  \n", {.id = "t"});
  REQUIRE(doc.title_block() != nullptr);
  CHECK(doc.meta().title == "A Short Title");
  CHECK(paragraph_texts(doc) == std::vector<std::string>{"First paragraph,\nwrapped.", "Second."});
  CHECK(doc.text() == "A Short Title\n\nFirst paragraph,\nwrapped.\n\nSecond.");
  CHECK(doc.paragraph(2).n == 2);
}

TEST_CASE("a first line that ends a sentence, or is long, is a paragraph", "[ingest]") {
  CHECK(parse("This is a sentence.\n\nAnother.").paragraph_count() == 2);
  CHECK(parse(std::string(30, 'w') + std::string(" word", 0) + "\n\nNext", {.detect_title = false})
            .paragraph_count() == 2);
  CHECK(parse("Only one line").paragraph_count() == 1); // a lone line is text, not a title
}

TEST_CASE("BOM, CRLF and CR are normalized and recorded, and the source is rebuilt exactly", "[ingest]") {
  const std::string inputs[] = {
      "\xEF\xBB\xBFTitle\r\n\r\nLine one\r\nline two.\r\n\r\nNext.\r\n",
      "Title\r\rOld Mac\rline.\r\r\r",
      "\n\n  \t\nLeading blank lines.\n\n\f\nAfter a form feed.\n   \n",
      "Mixed\r\n\nends\r.\n\n\n\n\nend",
      "a\fb page break inside a line",
  };
  for (const auto &input : inputs) {
    CAPTURE(input);
    const auto doc = parse(input);
    CHECK(doc.source_text() == input);
    CHECK(doc.text().find('\r') == std::string::npos);
    CHECK(doc.text().find('\f') == std::string::npos);
    CHECK(doc.text().find("\xEF\xBB\xBF") == std::string::npos);
  }
  const auto doc = parse(inputs[0]);
  CHECK(doc.text() == "Title\n\nLine one\nline two.\n\nNext.");
  const layer *edits = doc.find_layer(edits_layer_name);
  REQUIRE(edits != nullptr);
  CHECK(edits->type(0) == "bom");
}

TEST_CASE("invalid UTF-8 is an error with its byte offset, line and column", "[ingest][errors]") {
  const auto e =
      expect_error<parse_error>([] { parse("ok line\nbad \xC3\x28 here", {.source_name = "in.txt"}); });
  CHECK(e.code() == errc::invalid_utf8);
  CHECK(e.where().offset == 12);
  CHECK(e.where().line == 2);
  CHECK(e.where().column == 5);
  CHECK(std::string(e.what()) == "in.txt:2:5: invalid UTF-8 (byte 0xC3) at byte 12 (A001)");
}

TEST_CASE("characters XML forbids are errors, or recorded replacements when lenient", "[ingest][errors]") {
  const std::string input("caf\xC3\xA9 \0 and \x01", 13);
  const auto e = expect_error([&] { parse(input); });
  CHECK(e.code() == errc::illegal_xml_char);
  CHECK(e.where().offset == 6);
  CHECK(e.where().column == 6); // code points: c a f e-acute space NUL
  CHECK(std::string(e.what()).find("U+0000") != std::string::npos);

  const auto doc = parse(input, {.lenient = true});
  CHECK(doc.text() == "caf\xC3\xA9 \xEF\xBF\xBD and \xEF\xBF\xBD");
  CHECK(doc.source_text() == input);
}

TEST_CASE("empty and whitespace-only input is an error", "[ingest][errors]") {
  for (const std::string &input : {std::string(), std::string("   "), std::string("\n\n\t\n"),
                                   std::string("\xEF\xBB\xBF"), std::string("\r\n\f\r\n")}) {
    CAPTURE(input);
    CHECK(expect_error([&] { parse(input); }).code() == errc::empty_input);
  }
}

TEST_CASE("an unreadable path is an io_error naming the file", "[ingest][errors]") {
  const auto e = expect_error<io_error>([] { read_file("/nonexistent/alinea/input.txt"); });
  CHECK(e.code() == errc::io_failure);
  CHECK(e.where().file == "/nonexistent/alinea/input.txt");
  CHECK(e.sys_errno() == ENOENT);
  const auto dir = test::scratch_dir("ingest-dir");
  CHECK(expect_error([&] { read_file(dir); }).code() == errc::io_failure);
}

TEST_CASE("an id that cannot be cited is rejected", "[ingest][errors]") {
  CHECK(expect_error([] { parse("text", {.id = "a:b"}); }).code() == errc::invalid_argument);
  CHECK(parse("text", {.source_name = "/x/My File.txt"}).meta().id == "My-File");
}

TEST_CASE("both seed texts parse, with titles and exact source reconstruction", "[ingest][seeds]") {
  const auto seeds = test::shared_dir() / "seeds";
  if (!std::filesystem::exists(seeds)) {
    WARN("shared seeds not found at " << seeds.string() << "; skipped");
    return;
  }
  const auto article = read_file(seeds / "000_40d1a890abeb5e88.txt");
  CHECK(article.meta().title == "US-Kazak Relations Thaw");
  CHECK(article.meta().source == "000_40d1a890abeb5e88.txt");
  CHECK(article.source_text() == test::slurp(seeds / "000_40d1a890abeb5e88.txt"));
  CHECK(article.paragraph_count() == 16); // duplicate title block, note and boilerplate set apart
  REQUIRE(article.first_block(block_kind::subtitle) != nullptr);
  REQUIRE(article.first_block(block_kind::note) != nullptr);
  CHECK(article.text_of(*article.first_block(block_kind::boilerplate)) == "Support our journalists");

  const auto chapter = read_file(seeds / "004_d7dc1745ff628162.txt", {.id = "chapter-six"});
  CHECK(chapter.meta().title.starts_with("Chapter Six: Kazakhstan and the United States"));
  CHECK(chapter.cite(chapter.paragraph(7)) == "chapter-six:7");
  CHECK(chapter.paragraph_count() == 23); // four page-break splits joined
  const block &heading = chapter.blocks().front();
  CHECK(heading.kind == block_kind::heading);
  CHECK(heading.n == 6);
  CHECK(heading.division == division_kind::chapter);
  const layer *emphasis = chapter.find_layer(emphasis_layer_name);
  REQUIRE(emphasis != nullptr);
  CHECK(chapter.text().substr(emphasis->begin(0), emphasis->end(0) - emphasis->begin(0)) == "Realpolitik");
  CHECK(chapter.source_text() == test::slurp(seeds / "004_d7dc1745ff628162.txt"));
}
