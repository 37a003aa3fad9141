// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/ingest.hpp>
#include <alinea/name_rules.hpp>
#include <alinea/quotations.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace alinea;

namespace {

struct found {
  std::string text, type, who, part;
  friend bool operator==(const found &, const found &) = default;
};

std::ostream &operator<<(std::ostream &os, const found &f) {
  return os << "{" << f.text << " | " << f.type << " | " << f.who << " | " << f.part << "}";
}

std::vector<found> quotations_of(const document &doc) {
  const layer l = find_quotations(doc);
  std::vector<found> out;
  for (const auto i : l.document_order())
    out.push_back({std::string(doc.text().substr(l.begin(i), l.end(i) - l.begin(i))), std::string(l.type(i)),
                   std::string(l.attribute_value(i, "who")), std::string(l.attribute_value(i, "part"))});
  return out;
}

std::vector<found> quotations_in(const std::string &text) {
  return quotations_of(parse(text, {}));
}

} // namespace

TEST_CASE("quotations: speakers named after the quotation", "[quotations]") {
  CHECK(quotations_in("\"We were told it would take six months,\" said Ilse Marten, who chairs it.\n") ==
        std::vector<found>{{"We were told it would take six months,", "said", "#ilse-marten", ""}});
  CHECK(quotations_in("\u201CIt is open,\u201D Marten said.\n") ==
        std::vector<found>{{"It is open,", "said", "#marten", ""}});
  CHECK(quotations_in("\u201CIt is open,\u201D said President Nursultan Nazarbaev.\n") ==
        std::vector<found>{{"It is open,", "said", "#nursultan-nazarbaev", ""}});
  CHECK(quotations_in("\"Residents deserve to know,\" the councillor said.\n") ==
        std::vector<found>{{"Residents deserve to know,", "said", "", ""}});
}

TEST_CASE("quotations: speakers named before the quotation", "[quotations]") {
  CHECK(quotations_in("Erbol Japarov, from the Centre of Humanitarian Studies in Almaty, noted, "
                      "\u201CCurrently, there's intense competition.\u201D\n") ==
        std::vector<found>{{"Currently, there's intense competition.", "said", "#erbol-japarov", ""}});
  CHECK(quotations_in("While he was still there, the website of the state broadcaster, Khabar, announced, "
                      "\"There is no doubt that the visit will go well.\"\n") ==
        std::vector<found>{{"There is no doubt that the visit will go well.", "said", "#khabar", ""}});
  CHECK(quotations_in("Ilse Marten said: \"It took nearly twice that.\"\n") ==
        std::vector<found>{{"It took nearly twice that.", "said", "#ilse-marten", ""}});
  CHECK(quotations_in("According to Tomas Reuter, \"the estimate was far off.\"\n") ==
        std::vector<found>{{"the estimate was far off.", "said", "#tomas-reuter", ""}});
}

TEST_CASE("quotations: pronouns take the last named speaker", "[quotations]") {
  const auto q = quotations_in("\"The port is open,\" said Ilse Marten.\n\n"
                               "\"It took nearly twice as long,\" she added.\n");
  REQUIRE(q.size() == 2);
  CHECK(q[1] == found{"It took nearly twice as long,", "said", "#ilse-marten", ""});
}

TEST_CASE("quotations: a second quotation in the paragraph keeps the speaker", "[quotations]") {
  const auto q = quotations_in("\"We were told six months,\" said Ilse Marten, who chairs it. \"It took "
                               "twice that. But it is open.\"\n\nThe sign read \"No entry for anyone.\"\n");
  REQUIRE(q.size() == 3);
  CHECK(q[1] == found{"It took twice that. But it is open.", "said", "#ilse-marten", ""});
  CHECK(q[2] == found{"No entry for anyone.", "q", "", ""});
}

TEST_CASE("quotations: scare quotes and unattributed quotations", "[quotations]") {
  CHECK(quotations_in("Will it seek to \"pivot\" elsewhere?\n") ==
        std::vector<found>{{"pivot", "soCalled", "", ""}});
  CHECK(quotations_in("He proposed a \u201Cmultivectored\u201D or \u201Cbalanced\u201D policy.\n") ==
        std::vector<found>{{"multivectored", "soCalled", "", ""}, {"balanced", "soCalled", "", ""}});
  CHECK(quotations_in("The sign read \"No entry for anyone after dark.\" Nobody minded.\n") ==
        std::vector<found>{{"No entry for anyone after dark.", "q", "", ""}});
}

TEST_CASE("quotations: a quotation continued in the next paragraph", "[quotations]") {
  const auto q = quotations_in("Marten spoke last. \u201CWe waited a year.\n\n"
                               "\u201CAnd now it is open,\u201D she said.\n");
  REQUIRE(q.size() == 2);
  CHECK(q[0].text == "We waited a year.");
  CHECK(q[0].part == "I");
  CHECK(q[1].text == "And now it is open,");
  CHECK(q[1].part == "F");
  CHECK(q[0].type == "said");
  CHECK(q[1].type == "said");
}

TEST_CASE("quotations: stray marks annotate nothing; provenance is recorded", "[quotations]") {
  CHECK(quotations_in("A 12\" pipe was laid.\n").empty());
  const document doc = parse("\"Yes,\" said Ada.\n", {});
  const layer l = find_quotations(doc);
  REQUIRE(l.size() == 1);
  CHECK(l.name() == quotations_layer_name);
  CHECK(l.made_by(0).annotator == quotations_annotator);
  CHECK(l.made_by(0).confidence == 0.9);
  CHECK(speaker_id("Ilse  Marten") == "ilse-marten");
  CHECK(speaker_id("Łukasz Nowak") == "lukasz-nowak");
  CHECK(speaker_id("Rasa Jankauskienė") == speaker_id("Rasa Jankauskiene"));
  CHECK(speaker_id("Назарбаев") == "Назарбаев");
  CHECK(speaker_id("...") == "speaker");
}

TEST_CASE("quotations in the seeds", "[quotations][seeds]") {
  const auto seed = test::shared_dir() / "seeds" / "000_40d1a890abeb5e88.txt";
  if (!std::filesystem::exists(seed)) {
    WARN("shared seeds not found at " << seed.string() << "; skipped");
    return;
  }
  const auto q = quotations_of(read_file(seed));
  REQUIRE(q.size() == 2);
  CHECK(q[0].who == "#khabar");
  CHECK(q[0].type == "said");
  CHECK(q[1].who == "#erbol-japarov");
}

TEST_CASE("quotations: speakers from the names layer, pronouns resolved to the nearest entity",
          "[quotations][names]") {
  const auto with_names = [](const std::string &text) {
    document doc = parse(text, {});
    doc.put_layer(annotate::find_names(doc));
    return quotations_of(doc);
  };
  auto q =
      with_names("T\n\nDana Whitcombe, who served at the Department of State from 1990 to 2012, remembers "
                 "the mood. \"Nobody had a playbook,\" she said.\n");
  REQUIRE(q.size() == 1);
  CHECK(q[0].who == "#dana-whitcombe");
  q = with_names("T\n\nAccording to Aigerim Suleimenova, a political analyst at the Kazakhstan Institute for "
                 "Strategic Studies, \"the traders who left are all asking for meetings again.\"\n");
  REQUIRE(q.size() == 1);
  CHECK(q[0].who == "#aigerim-suleimenova");
  q = with_names(
      "T\n\n\"This is a long bet,\" Daniel Okafor, CEO of Caspian Meridian Ltd, said at the signing.\n");
  REQUIRE(q.size() == 1);
  CHECK(q[0].who == "#daniel-okafor");
  q = with_names("T\n\nThe statement of the Ministry of Foreign Affairs was expansive. It declared, \"The "
                 "partnership is a pillar of stability.\"\n");
  REQUIRE(q.size() == 1);
  CHECK(q[0].who == "#ministry-of-foreign-affairs");
  q = with_names("T\n\nThe Director of the Centre, Dr Miriam Achterberg, noted, \"Without our partners this "
                 "would be a list.\"\n");
  REQUIRE(q.size() == 1);
  CHECK(q[0].who == "#miriam-achterberg");
  q = with_names("T\n\nA spokesman for the US Department of Energy said on Monday that the department "
                 "\"welcomes every additional barrel.\"\n");
  REQUIRE(q.size() == 1);
  CHECK(q[0].who == "#us-department-of-energy");
}
