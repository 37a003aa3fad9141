// SPDX-License-Identifier: MIT
#include <alinea/document.hpp>
#include <alinea/error.hpp>

#include <catch2/catch.hpp>

using namespace alinea;

namespace {
document two_paragraphs() {
  return document(
      "Title\n\nOne.\n\nTwo.", metadata{"demo", "Title", ""},
      {{block_kind::title, 0, 5, 0}, {block_kind::paragraph, 7, 11, 1}, {block_kind::paragraph, 13, 17, 2}},
      {});
}
} // namespace

TEST_CASE("paragraphs are found by number and cited as ID:N", "[document]") {
  const auto doc = two_paragraphs();
  CHECK(doc.paragraph_count() == 2);
  CHECK(doc.text_of(doc.paragraph(2)) == "Two.");
  CHECK(doc.cite(doc.paragraph(1)) == "demo:1");
  REQUIRE(doc.title_block() != nullptr);
  CHECK(doc.text_of(*doc.title_block()) == "Title");
  try {
    (void)doc.paragraph(3);
    FAIL("paragraph 3 should not resolve");
  } catch (const argument_error &e) {
    CHECK(e.code() == errc::unresolved_citation);
    CHECK(std::string(e.what()).find("has no paragraph 3") != std::string::npos);
  }
  CHECK_THROWS_AS(doc.paragraph(0), argument_error);
}

TEST_CASE("the constructor rejects spans outside the text and bad ids", "[document]") {
  CHECK_THROWS_AS(document("abc", metadata{"d", "", ""}, {{block_kind::paragraph, 0, 4, 1}}, {}),
                  argument_error);
  CHECK_THROWS_AS(document("abc", metadata{"a:b", "", ""}, {}, {}), argument_error);
  CHECK_THROWS_AS(document("\xC3\xA9", metadata{"d", "", ""}, {{block_kind::paragraph, 1, 2, 1}}, {}),
                  argument_error); // splits a character
  CHECK_THROWS_AS(document("ab", metadata{"d", "", ""}, {{block_kind::paragraph, 0, 1, 2}}, {}),
                  argument_error); // numbering must start at 1
  layer l("x");
  l.add(0, 9, "t");
  CHECK_THROWS_AS(document("abc", metadata{"d", "", ""}, {}, {l}), argument_error);
}

TEST_CASE("source_text replays the edits layer", "[document]") {
  layer edits{std::string(edits_layer_name)};
  const attribute crlf{std::string(edit_original_attribute), "\r\n"};
  const attribute tail{std::string(edit_original_attribute), "\n\n"};
  edits.add(1, 2, "line-end", {&crlf, 1});
  edits.add(3, 3, "whitespace", {&tail, 1});
  const document doc("a\nb", metadata{"d", "", ""}, {{block_kind::paragraph, 0, 3, 1}}, {edits});
  CHECK(doc.source_text() == "a\r\nb\n\n");
}

TEST_CASE("citation ids", "[document]") {
  CHECK(is_valid_document_id("kazak-thaw"));
  CHECK(is_valid_document_id("000_40d1a890abeb5e88"));
  CHECK_FALSE(is_valid_document_id(""));
  CHECK_FALSE(is_valid_document_id("a:b"));
  CHECK_FALSE(is_valid_document_id("a b"));
  CHECK_FALSE(is_valid_document_id("-x"));
  CHECK(document_id_from_filename("/data/My Article (2).txt") == "My-Article--2-");
  CHECK(document_id_from_filename("dir/kazak-thaw.txt") == "kazak-thaw");
  CHECK(document_id_from_filename("...") == "doc");
}
