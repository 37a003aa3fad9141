// SPDX-License-Identifier: MIT
#include <alinea/ingest.hpp>
#include <alinea/sentences.hpp>
#include <alinea/tei.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace alinea;

namespace {
std::vector<std::string> sentences(std::string_view text) {
  std::vector<std::string> out;
  for (const auto &[b, e] : split_sentences(text))
    out.emplace_back(text.substr(b, e - b));
  return out;
}
} // namespace

TEST_CASE("sentences end at final punctuation, not at abbreviations, initials or decimals", "[sentences]") {
  CHECK(sentences("Mr. Smith left. He went home.") ==
        std::vector<std::string>{"Mr. Smith left.", "He went home."});
  CHECK(sentences("Prices rose 3.5 per cent. Wages fell.") ==
        std::vector<std::string>{"Prices rose 3.5 per cent.", "Wages fell."});
  CHECK(sentences("See e.g. Smith. It is clear.") ==
        std::vector<std::string>{"See e.g. Smith.", "It is clear."});
  CHECK(sentences("J. R. Smith came. So did others.") ==
        std::vector<std::string>{"J. R. Smith came.", "So did others."});
  CHECK(sentences("The U.S. army came. The U.S. It left.") ==
        std::vector<std::string>{"The U.S. army came.", "The U.S.", "It left."});
  CHECK(sentences("She asked, \"Why?\" Nobody knew.") ==
        std::vector<std::string>{"She asked, \"Why?\"", "Nobody knew."});
  CHECK(sentences("  trailing words without a stop  ") ==
        std::vector<std::string>{"trailing words without a stop"});
  CHECK(sentences("").empty());
}

TEST_CASE("parse adds a sentences layer over numbered paragraphs; TEI carries it", "[sentences][tei]") {
  const auto doc = parse("A Title\n\nOne. Two *three. Four* five.\n\n> Quoted. Twice.\n", {.id = "d"});
  const layer *s = doc.find_layer(sentences_layer_name);
  REQUIRE(s != nullptr);
  REQUIRE(s->size() == 4); // the emphasis keeps "Two three. Four five." together
  CHECK(s->attribute_value(1, "n") == "2");
  CHECK(s->attribute_value(2, "n") == "1");
  const auto xml = tei::to_string(doc);
  CHECK(xml.find("<s xml:id=\"p1.s2\" n=\"2\">Two <hi rend=\"italic\">three. Four</hi> five.</s>") !=
        std::string::npos);
  CHECK(tei::read(xml) == doc);
  parse_options off;
  off.sentences = false;
  CHECK(parse("One. Two.", off).find_layer(sentences_layer_name) == nullptr);
}
