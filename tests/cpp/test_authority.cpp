// SPDX-License-Identifier: MIT
#include <alinea/authority.hpp>
#include <alinea/error.hpp>
#include <alinea/ingest.hpp>

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace alinea;

namespace {

// Parses `text` and marks every occurrence of each (name, type) in the names layer.
document with_names(const std::string &text, const std::vector<std::pair<std::string, std::string>> &names,
                    const std::string &id) {
  document doc = parse(text, {.id = id});
  doc.add_layer(std::string(names_layer_name));
  for (const auto &[name, type] : names)
    for (auto at = doc.text().find(name); at != std::string::npos;
         at = doc.text().find(name, at + name.size())) {
      const bool word_start = at == 0 || !std::isalpha(static_cast<unsigned char>(doc.text()[at - 1]));
      const std::size_t end = at + name.size();
      const bool word_end =
          end == doc.text().size() || !std::isalpha(static_cast<unsigned char>(doc.text()[end]));
      const layer &l = *doc.find_layer(names_layer_name);
      bool inside = false; // a shorter name inside a longer one marked already
      for (std::size_t i = 0; i < l.size(); ++i)
        inside = inside || (l.begin(i) <= at && end <= l.end(i));
      if (word_start && word_end && !inside) doc.annotate(names_layer_name, at, end, type);
    }
  return doc;
}

const authority_entry *entry_named(const authority_list &list, std::string_view name) {
  for (const auto &e : list.entries)
    if (std::find(e.variants.begin(), e.variants.end(), name) != e.variants.end()) return &e;
  return nullptr;
}

const document article = with_names("US-Kazak Relations Thaw\n\nPresident Nursultan Nazarbaev paid a visit "
                                    "to Washington. Kazakstan was glad.\n\n"
                                    "Nazarbaev declared his support. James Baker was not there.\n",
                                    {{"Nursultan Nazarbaev", "persName"},
                                     {"Nazarbaev", "persName"},
                                     {"Washington", "placeName"},
                                     {"Kazakstan", "placeName"},
                                     {"James Baker", "persName"}},
                                    "article");
const document chapter =
    with_names("Chapter Six\n\nNursultan Nazarbayev met Ken Derr, CEO of Chevron, in Kazakhstan.\n\n"
               "Credit is due to Ken Durr of Chevron, and to John Baker, who is no relation.\n\n"
               "Baker left early. Nazarbayev stayed.\n",
               {{"Nursultan Nazarbayev", "persName"},
                {"Nazarbayev", "persName"},
                {"Ken Derr", "persName"},
                {"Ken Durr", "persName"},
                {"Chevron", "orgName"},
                {"Kazakhstan", "placeName"},
                {"John Baker", "persName"},
                {"Baker", "persName"}},
               "chapter");

authority_list build(const authority_options &options = {}) {
  const std::vector<const document *> corpus{&article, &chapter};
  return build_authority(corpus, options);
}

} // namespace

TEST_CASE("authority: transliteration keys", "[authority]") {
  CHECK(transliteration_key("Nazarbaev") == transliteration_key("Nazarbayev"));
  CHECK(transliteration_key("Kazakstan") == transliteration_key("Kazakhstan"));
  CHECK(transliteration_key("Tokaev") == transliteration_key("Tokayev"));
  CHECK(transliteration_key("Zhanaozen") == transliteration_key("Janaozen"));
  CHECK(transliteration_key("Gräfin Müller") == "grafin muler");
  CHECK(transliteration_key("U.S.") == transliteration_key("US"));
  CHECK(transliteration_key("Derr") != transliteration_key("Durr"));
  CHECK(transliteration_key("Łódź") == "lodz");
}

TEST_CASE("authority: variants across texts in one entry, different people apart", "[authority]") {
  const auto list = build();
  const auto *nazarbayev = entry_named(list, "Nursultan Nazarbaev");
  REQUIRE(nazarbayev);
  CHECK(nazarbayev == entry_named(list, "Nursultan Nazarbayev"));
  CHECK(nazarbayev == entry_named(list, "Nazarbaev"));
  CHECK(nazarbayev == entry_named(list, "Nazarbayev"));
  CHECK(nazarbayev->type == "persName");
  CHECK(nazarbayev->mentions.size() == 4);
  CHECK(entry_named(list, "Kazakstan") == entry_named(list, "Kazakhstan"));
  CHECK(entry_named(list, "Ken Derr") == entry_named(list, "Ken Durr"));
  // Two Bakers: different first names are never joined; the lone "Baker" of the chapter goes
  // with the only Baker of that document.
  CHECK(entry_named(list, "James Baker") != entry_named(list, "John Baker"));
  CHECK(entry_named(list, "Baker") == entry_named(list, "John Baker"));
  CHECK(entry_named(list, "Chevron")->mentions.size() == 2);
  // Every join of two spellings is explained.
  const auto explained = [&](std::string_view rule, std::string_view a, std::string_view b) {
    return std::any_of(list.decisions.begin(), list.decisions.end(), [&](const authority_decision &d) {
      return d.merged && d.rule == rule &&
             ((d.first == a && d.second == b) || (d.first == b && d.second == a));
    });
  };
  CHECK(explained("transliteration", "Nursultan Nazarbaev", "Nursultan Nazarbayev"));
  CHECK(explained("transliteration", "Kazakstan", "Kazakhstan"));
  CHECK(explained("surname", "Nursultan Nazarbaev", "Nazarbaev"));
  CHECK(explained("one-letter", "Ken Derr", "Ken Durr"));
  const auto derr = std::find_if(list.decisions.begin(), list.decisions.end(),
                                 [](const authority_decision &d) { return d.rule == "one-letter"; });
  CHECK(derr->evidence == "both named near Chevron");
  REQUIRE(derr->entry < list.entries.size());
  CHECK(&list.entries[derr->entry] == entry_named(list, "Ken Durr"));
  CHECK(std::any_of(list.decisions.begin(), list.decisions.end(), [](const authority_decision &d) {
          return !d.merged && d.evidence.starts_with("different first names");
        }) == false); // James and John Baker never met a rule that would join them
  // Entries: persons, then places, then organisations, ids unique xml:ids.
  CHECK(list.entries.front().type == "persName");
  CHECK(list.entries.back().type == "orgName");
  CHECK(nazarbayev->id == "nursultan-nazarbaev");
  CHECK(nazarbayev->name == "Nursultan Nazarbaev");
}

TEST_CASE("authority: a one-letter difference without shared context stays apart", "[authority]") {
  const document a = with_names("T\n\nKen Derr spoke.\n", {{"Ken Derr", "persName"}}, "a");
  const document b = with_names("T\n\nKen Durr sang.\n", {{"Ken Durr", "persName"}}, "b");
  const std::vector<const document *> corpus{&a, &b};
  const auto list = build_authority(corpus);
  CHECK(entry_named(list, "Ken Derr") != entry_named(list, "Ken Durr"));
  CHECK(std::any_of(list.decisions.begin(), list.decisions.end(), [](const authority_decision &d) {
    return d.rule == "one-letter" && !d.merged && d.evidence == "no entity named near both";
  }));
}

TEST_CASE("authority: the user's merges and splits win", "[authority]") {
  authority_options options;
  options.overrides = authority_overrides::from_tsv("# corrections\nsplit\tKen Derr\tKen Durr\n\n"
                                                    "merge\tWashington\tKazakstan\r\n");
  const auto list = build(options);
  CHECK(entry_named(list, "Ken Derr") != entry_named(list, "Ken Durr"));
  CHECK(entry_named(list, "Washington") == entry_named(list, "Kazakhstan"));
  CHECK(std::any_of(list.decisions.begin(), list.decisions.end(), [](const authority_decision &d) {
    return d.rule == "one-letter" && !d.merged && d.evidence.starts_with("the user keeps");
  }));
  CHECK_THROWS_AS(authority_overrides::from_tsv("merge\tonly one\n"), parse_error);
  CHECK_THROWS_AS(authority_overrides::from_tsv("join\ta\tb\n"), parse_error);
  try {
    authority_overrides::from_tsv("merge\ta\tb\nsplit\ta\n", "fixes.tsv");
    FAIL("no error");
  } catch (const parse_error &e) {
    CHECK(e.where().line == 2);
    CHECK(e.where().file == "fixes.tsv");
  }
}

TEST_CASE("authority: mentions point to their entries; external refs move to the entry", "[authority]") {
  document doc = parse("T\n\nAda Lovelace met Charles Babbage. Lovelace wrote.\n", {.id = "d"});
  const attribute wikidata{"ref", "https://www.wikidata.org/wiki/Q7259"};
  const auto at = doc.text().find("Ada Lovelace");
  doc.annotate(names_layer_name, at, at + 12, "persName", {&wikidata, 1});
  const auto babbage = doc.text().find("Charles Babbage");
  doc.annotate(names_layer_name, babbage, babbage + 15, "persName");
  const auto lone = doc.text().find("Lovelace wrote");
  doc.annotate(names_layer_name, lone, lone + 8, "persName");
  doc.annotate(names_layer_name, 0, 1, "term"); // not an entity: left as it is
  const std::vector<const document *> corpus{&doc};
  const auto list = build_authority(corpus);
  REQUIRE(list.entries.size() == 2);
  CHECK(list.entries[0].refs == std::vector<std::string>{wikidata.value});
  const layer refs = with_authority_refs(doc, 0, list);
  CHECK(refs.attribute_value(0, "ref") == "#ada-lovelace");
  CHECK(refs.attribute_value(1, "ref") == "#charles-babbage");
  CHECK(refs.attribute_value(2, "ref") == "#ada-lovelace");
  CHECK(refs.attribute_value(3, "ref").empty());
  CHECK_THROWS_AS(with_authority_refs(doc, 1, list), argument_error);
  doc.put_layer(refs);

  const std::string tei = authority_to_tei(list, "People & places");
  pugi::xml_document dom;
  REQUIRE(dom.load_string(tei.c_str()));
  const auto person = dom.select_node("//person[@xml:id='ada-lovelace']").node();
  REQUIRE(person);
  CHECK(std::string(person.child("persName").text().get()) == "Ada Lovelace");
  CHECK(std::string(person.select_node("persName[@type='variant']").node().text().get()) == "Lovelace");
  CHECK(std::string(person.child("idno").text().get()) == wikidata.value);
  CHECK(std::string(dom.select_node("//title").node().text().get()) == "People & places");
}
