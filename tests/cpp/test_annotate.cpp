// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <alinea/annotate.hpp>
#include <alinea/error.hpp>
#include <alinea/ingest.hpp>
#include <alinea/version.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

using namespace alinea;
namespace ann = alinea::annotate;

namespace {

// Each annotation as "text|name=value|name=value" (attributes in the order given).
std::vector<std::string> describe(const layer &l, std::string_view text) {
  std::vector<std::string> out;
  for (const auto i : l.document_order()) {
    std::string s(text.substr(l.begin(i), l.end(i) - l.begin(i)));
    for (const auto a : l.attributes(i))
      s += "|" + std::string(a.name) + "=" + std::string(a.value);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> found_dates(std::string_view text, const ann::date_options &o = {}) {
  return describe(ann::dates(text, o), text);
}
using strings = std::vector<std::string>;

} // namespace

TEST_CASE("dates: years in context, and numbers that are not years", "[annotate][dates]") {
  CHECK(found_dates("It happened in 1991.") == strings{"1991|when=1991"});
  CHECK(found_dates("since 1066 and before 1100") == strings{"1066|when=1066", "1100|when=1100"});
  CHECK(found_dates("In 2003, prices rose.") == strings{"2003|when=2003"});
  CHECK(found_dates("The 2002 visit.") == strings{"2002|when=2002"}); // a bare year, lower confidence
  CHECK(found_dates("It cost $2003 and 2,003 barrels, 2003 barrels, 2003% or 20.03.").empty());
  CHECK(found_dates("It cost £2003, €2003, #2003, US$2003; room 2003; No. 2003; 12:2003").empty());
  CHECK(found_dates("There were 18.5 million people and 328 million others, 1234 people.").empty());
  CHECK(found_dates("in 2003 per cent terms").empty());
  CHECK(found_dates("a C5+1 structure, F-2003 and the 747").empty());
  CHECK(found_dates("in 800 BC and AD 800, 44 B.C.") ==
        strings{"800 BC|when=-0800", "AD 800|when=0800", "44 B.C.|when=-0044"});
  ann::date_options no_bare;
  no_bare.bare_years = false;
  CHECK(found_dates("The 2002 visit in 2003.", no_bare) == strings{"2003|when=2003"});
  // Bare years outside [min_year, max_year] are not years; in context they are.
  CHECK(found_dates("about 1200 of them, in 1200").size() == 1);
}

TEST_CASE("dates: full dates in common English orders", "[annotate][dates]") {
  CHECK(found_dates("on 12 March 2002.") == strings{"12 March 2002|when=2002-03-12"});
  CHECK(found_dates("on March 12, 2002, then") == strings{"March 12, 2002|when=2002-03-12"});
  CHECK(found_dates("the 12th of March, 2002") == strings{"12th of March, 2002|when=2002-03-12"});
  CHECK(found_dates("Sept. 3 2001 and Jan. 1st, 1999") ==
        strings{"Sept. 3 2001|when=2001-09-03", "Jan. 1st, 1999|when=1999-01-01"});
  CHECK(found_dates("2002-03-12") == strings{"2002-03-12|when=2002-03-12"});
  CHECK(found_dates("2002-13-12 and 2002-02-30").empty()); // no such days
  CHECK(found_dates("at 2002-03-12T10:00") == strings{"2002-03-12|when=2002-03-12"});
  CHECK(found_dates("29 February 2000, 29 February 2001") == strings{"29 February 2000|when=2000-02-29"});
  // Slashes only when the order is clear.
  CHECK(found_dates("on 25/03/2002") == strings{"25/03/2002|when=2002-03-25"});
  CHECK(found_dates("on 03/25/2002") == strings{"03/25/2002|when=2002-03-25"});
  CHECK(found_dates("on 05/05/2002") == strings{"05/05/2002|when=2002-05-05"});
  CHECK(found_dates("on 12/03/2002").empty());
  // A month with a year; a day without one.
  CHECK(found_dates("in March 2002 and May of 1999") ==
        strings{"March 2002|when=2002-03", "May of 1999|when=1999-05"});
  CHECK(found_dates("the September 11 attacks, on 5 May.") ==
        strings{"September 11|when=--09-11", "5 May|when=--05-05"});
  // Months must be capitalized; "May" the verb is not a month, nor is "march".
  CHECK(found_dates("they march 2000 men; we may 12").empty());
  CHECK(found_dates("May 5,000 people").empty());
}

TEST_CASE("dates: decades and centuries", "[annotate][dates]") {
  CHECK(found_dates("the 1990s") == strings{"1990s|notBefore=1990|notAfter=1999"});
  CHECK(found_dates("the 1990's") == strings{"1990's|notBefore=1990|notAfter=1999"});
  CHECK(found_dates("since the mid-1990s") == strings{"mid-1990s|notBefore=1994|notAfter=1996"});
  CHECK(found_dates("the early 2000s") == strings{"early 2000s|notBefore=2000|notAfter=2003"});
  CHECK(found_dates("the late 1980s") == strings{"late 1980s|notBefore=1987|notAfter=1989"});
  CHECK(found_dates("the 1800s") == strings{"1800s|notBefore=1800|notAfter=1899"});
  CHECK(found_dates("the nineteenth century") == strings{"nineteenth century|notBefore=1800|notAfter=1899"});
  CHECK(found_dates("a 19th-century house") == strings{"19th-century|notBefore=1800|notAfter=1899"});
  CHECK(found_dates("the twenty-first century") ==
        strings{"twenty-first century|notBefore=2000|notAfter=2099"});
  CHECK(found_dates("the early 20th century") == strings{"early 20th century|notBefore=1900|notAfter=1933"});
  CHECK(found_dates("the first century") == strings{"first century|notBefore=0001|notAfter=0099"});
  CHECK(found_dates("the 5th century BC") == strings{"5th century BC|notBefore=-0500|notAfter=-0401"});
  CHECK(found_dates("the first time, 1990s-style? no: 1995s").size() == 1);
  CHECK(found_dates("in the 17th and 18th centuries") ==
        strings{"17th and 18th centuries|notBefore=1600|notAfter=1799"});
  CHECK(found_dates("the 17th to the 19th century") ==
        strings{"17th to the 19th century|notBefore=1600|notAfter=1899"});
  // early, mid, late with a year: thirds of the year, in months.
  CHECK(found_dates("in mid-2002 and late 1999, early 2003") ==
        strings{"mid-2002|notBefore=2002-05|notAfter=2002-08", "late 1999|notBefore=1999-09|notAfter=1999-12",
                "early 2003|notBefore=2003-01|notAfter=2003-04"});
  CHECK(found_dates("In 1991's summer") == strings{"1991|when=1991"});
}

TEST_CASE("dates: ranges", "[annotate][dates]") {
  CHECK(found_dates("saw service in Iraq from 2003 to 2008.") ==
        strings{"from 2003 to 2008|from=2003|to=2008"});
  CHECK(found_dates("2003 to 2008") == strings{"2003 to 2008|from=2003|to=2008"});
  CHECK(found_dates("1991\xE2\x80\x93"
                    "2001") == strings{"1991\xE2\x80\x93"
                                       "2001|from=1991|to=2001"});
  CHECK(found_dates("1991 \xE2\x80\x93 2001") == strings{"1991 \xE2\x80\x93 2001|from=1991|to=2001"});
  CHECK(found_dates("1991-2001") == strings{"1991-2001|from=1991|to=2001"});
  CHECK(found_dates("1991\xE2\x80\x93"
                    "92") == strings{"1991\xE2\x80\x93"
                                     "92|from=1991|to=1992"});
  CHECK(found_dates("from 2003 until 2008") == strings{"from 2003 until 2008|from=2003|to=2008"});
  CHECK(found_dates("between 1995 and 2000") == strings{"between 1995 and 2000|from=1995|to=2000"});
  CHECK(found_dates("from March 2002 to May 2003") ==
        strings{"from March 2002 to May 2003|from=2002-03|to=2003-05"});
  CHECK(found_dates("from 12 March 2002 to 14 March 2002") ==
        strings{"from 12 March 2002 to 14 March 2002|from=2002-03-12|to=2002-03-14"});
  // Not ranges: backwards, or a year and something else.
  CHECK(found_dates("2008 to 2003") == strings{"2008|when=2008", "2003|when=2003"});
  CHECK(found_dates("from 2003 onwards") == strings{"2003|when=2003"});
  CHECK(found_dates("between 18 and 20 years").empty());
  CHECK(found_dates("pp. 1991-2001, page 2003").empty());
  CHECK(found_dates("the 2002-03 season") == strings{"2002-03|from=2002|to=2003"});
}

TEST_CASE("dates: relative expressions, normalized with a document date", "[annotate][dates]") {
  const std::string text = "Yesterday and last year, two years ago, a year ago, 3 days ago, last month, "
                           "next year, this year, last week, a few years ago, two years earlier.";
  CHECK(found_dates(text) ==
        strings{"Yesterday|type=relative", "last year|type=relative", "two years ago|type=relative",
                "a year ago|type=relative", "3 days ago|type=relative", "last month|type=relative",
                "next year|type=relative", "this year|type=relative", "last week|type=relative",
                "a few years ago|type=relative", "two years earlier|type=relative"});
  ann::date_options o;
  o.document_date = ann::civil_date{2002, 3, 1};
  CHECK(found_dates(text, o) ==
        strings{"Yesterday|type=relative|when=2002-02-28", "last year|type=relative|when=2001",
                "two years ago|type=relative|when=2000", "a year ago|type=relative|when=2001",
                "3 days ago|type=relative|when=2002-02-26", "last month|type=relative|when=2002-02",
                "next year|type=relative|when=2003", "this year|type=relative|when=2002",
                "last week|type=relative", "a few years ago|type=relative",
                "two years earlier|type=relative"});
  o.document_date = ann::civil_date{2002, 0, 0}; // a year only: no days, no months
  CHECK(found_dates("yesterday, last month, last year", o) ==
        strings{"yesterday|type=relative", "last month|type=relative", "last year|type=relative|when=2001"});
  o.document_date = ann::civil_date{2002, 1, 1};
  CHECK(found_dates("last month and yesterday", o) ==
        strings{"last month|type=relative|when=2001-12", "yesterday|type=relative|when=2001-12-31"});
  ann::date_options off;
  off.relative = false;
  CHECK(found_dates("yesterday", off).empty());
}

TEST_CASE("dates: provenance, layer name and document spans", "[annotate][dates]") {
  const auto doc = parse("A Title\n\nIn 1993 and the mid-1990s. Later, 12 March 2002.\n", {.id = "d"});
  const auto l = ann::dates(doc);
  CHECK(l.name() == "dates");
  REQUIRE(l.size() == 3);
  for (std::size_t i = 0; i < l.size(); ++i) {
    CHECK(l.type(i) == "date");
    CHECK(l.made_by(i).annotator == "alinea.dates");
    CHECK(l.made_by(i).version == alinea::version);
    REQUIRE(l.made_by(i).confidence);
    CHECK(*l.made_by(i).confidence > 0);
    CHECK(*l.made_by(i).confidence <= 1);
  }
  auto copy = doc;
  copy.put_layer(l); // spans are checked against the text
  CHECK(copy.find_layer("dates")->size() == 3);
  // Full dates are surer than bare years.
  const auto b = ann::dates("on 12 March 2002 and the 2002 visit");
  CHECK(*b.made_by(0).confidence > *b.made_by(1).confidence);
}

TEST_CASE("dates: odd input does not trip the scanner", "[annotate][dates]") {
  CHECK(found_dates("").empty());
  CHECK(found_dates("1").empty());
  CHECK(found_dates("from").empty());
  CHECK(found_dates("between 1995 and").size() == 1);
  CHECK(found_dates("March").empty());
  CHECK(found_dates("12 March").size() == 1);
  CHECK(found_dates("mid-").empty());
  CHECK(found_dates("\xE2\x80\x93\xE2\x80\x93 1999999 99999999999 0000").empty());
  // Beyond the scanner's token window: a long text with dates throughout.
  std::string big;
  for (int k = 0; k < 3000; ++k)
    big += "In 1991, on 12 March 2002, from 2003 to 2008, the mid-1990s and some words. ";
  CHECK(ann::dates(big).size() == 4 * 3000);
}

// ---------------------------------------------------------------------------------------------

namespace {
ann::gazetteer small_gazetteer(bool insensitive = false) {
  std::vector<ann::gazetteer_entry> e{
      {"New York", "placeName", "Q60", {"NYC"}},
      {"New York City Council", "orgName", "", {}},
      {"York", "placeName", "Q42462", {}},
      {"Zürich", "placeName", "", {"Zurich"}},
      {"Ken Derr", "persName", "", {"Kenneth Derr"}},
      {"Ōsaka", "place", "", {}},
      {"U.S.", "placeName", "Q30", {"US"}},
  };
  ann::gazetteer_options o;
  o.ascii_case_insensitive = insensitive;
  return ann::gazetteer(std::move(e), o);
}
std::vector<std::string> found_names(std::string_view text, const ann::gazetteer &g) {
  return describe(ann::names(text, g), text);
}
} // namespace

TEST_CASE("gazetteer: leftmost-longest, non-overlapping, on word boundaries", "[annotate][names]") {
  const auto g = small_gazetteer();
  CHECK(g.size() == 7);
  CHECK(g.pattern_count() == 11);
  CHECK(found_names("New York City Council met in New York, not York.", g) ==
        strings{"New York City Council|key=New York City Council", "New York|ref=Q60|key=New York",
                "York|ref=Q42462|key=York"});
  CHECK(found_names("New Yorker, Yorkshire, NewYork, xYork, York2", g).empty());
  CHECK(found_names("(York) \"York\" York's York-based \xE2\x80\x9CYork\xE2\x80\x9D", g).size() == 5);
  CHECK(found_names("New\n  York and New\n\nYork", g) ==
        strings{"New\n  York|ref=Q60|key=New York", "York|ref=Q42462|key=York"});
  CHECK(found_names("the U.S. and the US, USA, U.S.S.R.", g) ==
        strings{"U.S.|ref=Q30|key=U.S.", "US|ref=Q30|key=U.S."});
  // Non-ASCII names and boundaries next to non-ASCII letters.
  CHECK(found_names("Zürich, Zurich, Zürichsee, Ōsaka, xŌsaka", g) ==
        strings{"Zürich|key=Zürich", "Zurich|key=Zürich", "Ōsaka|key=Ōsaka"});
  CHECK(found_names("Ken Derr, Kenneth Derr and Ken Derrick", g) ==
        strings{"Ken Derr|key=Ken Derr", "Kenneth Derr|key=Ken Derr"});
  // Case: exact by default, ASCII-insensitive on request.
  CHECK(found_names("new york and NEW YORK", g).empty());
  const auto gi = small_gazetteer(true);
  CHECK(found_names("new york and NEW YORK and zürich", gi) ==
        strings{"new york|ref=Q60|key=New York", "NEW YORK|ref=Q60|key=New York", "zürich|key=Zürich"});
  CHECK(found_names("Z\xC3\x9C"
                    "RICH",
                    gi)
            .empty()); // non-ASCII letters never fold
  CHECK(ann::gazetteer().find("anything").empty());
}

TEST_CASE("gazetteer: provenance, types, the first entry wins a shared name", "[annotate][names]") {
  std::vector<ann::gazetteer_entry> e{{"Georgia", "placeName", "Q230", {}, 0.6},
                                      {"Georgia", "placeName", "Q1428", {}},
                                      {"Acme", "org", "", {}}};
  const ann::gazetteer g(std::move(e));
  CHECK(g.pattern_count() == 2);
  CHECK(g.entry(2).type == "orgName");
  const auto l = ann::names("Georgia and Acme", g);
  REQUIRE(l.size() == 2);
  CHECK(l.attribute_value(0, "ref") == "Q230");
  CHECK(l.type(0) == "placeName");
  CHECK(l.type(1) == "orgName");
  CHECK(l.made_by(0).annotator == "alinea.names");
  CHECK(l.made_by(0).version == alinea::version);
  CHECK(*l.made_by(0).confidence == 0.6);
  CHECK(*l.made_by(1).confidence == 0.9);
  CHECK(l.name() == "names");
  CHECK_THROWS_AS(ann::gazetteer({{"", "placeName", "", {}}}), argument_error);
  CHECK_THROWS_AS(ann::gazetteer({{"X", "city", "", {}}}), argument_error);
  CHECK_THROWS_AS(ann::gazetteer({{"X", "placeName", "", {}, 1.5}}), argument_error);
  CHECK_THROWS_AS(ann::gazetteer({{"X\x01", "placeName", "", {}}}), argument_error);
}

TEST_CASE("gazetteer: TSV, with errors that name the line", "[annotate][names]") {
  const auto g =
      ann::gazetteer::from_tsv("name\ttype\tref\tvariants\n"
                               "# a comment\n"
                               "\n"
                               "Nursultan Nazarbayev\tpersName\tQ155012\tNazarbaev|Nursultan Nazarbaev\r\n"
                               "Chevron\torgName\n"
                               "Tengiz\tplaceName\t\n");
  REQUIRE(g.size() == 3);
  CHECK(g.entry(0).variants == strings{"Nazarbaev", "Nursultan Nazarbaev"});
  CHECK(g.entry(0).ref == "Q155012");
  CHECK(g.entry(1).ref.empty());
  CHECK(found_names("Nazarbaev met Nursultan Nazarbayev at Chevron on Tengiz.", g) ==
        strings{"Nazarbaev|ref=Q155012|key=Nursultan Nazarbayev",
                "Nursultan Nazarbayev|ref=Q155012|key=Nursultan Nazarbayev", "Chevron|key=Chevron",
                "Tengiz|key=Tengiz"});
  const auto error_of = [](std::string_view tsv) {
    try {
      (void)ann::gazetteer::from_tsv(tsv, {}, "people.tsv");
    } catch (const parse_error &e) {
      return std::to_string(e.where().line) + ":" + std::to_string(e.where().column) + " " +
             std::string(error_code_name(e.code())) + " " + e.detail();
    }
    return std::string("no error");
  };
  CHECK(error_of("A\tplaceName\nB\n") ==
        "2:1 A005 gazetteer line 2: expected name<TAB>type[<TAB>ref[<TAB>variants]], found no tab");
  CHECK(error_of("A\tplaceName\n\nB\tcity\n") ==
        "3:3 A005 gazetteer line 3: unknown type 'city' (expected persName, placeName or orgName)");
  CHECK(error_of("A\tplaceName\t\t\tmore\n") == "1:15 A005 gazetteer line 1: more than 4 columns");
  CHECK(error_of(" \tplaceName\n") == "1:1 A005 gazetteer line 1: empty name");
  CHECK(error_of("A\tplaceName\nB\xFF\tplaceName\n").starts_with("2:2 A001"));
  CHECK(error_of("A\x01\tplaceName\n").starts_with("1:1 A002"));
  try {
    (void)ann::gazetteer::from_tsv("B\n", {}, "people.tsv");
  } catch (const parse_error &e) {
    CHECK(std::string(e.what()).starts_with("people.tsv:1:1: "));
  }
}

TEST_CASE("gazetteer: the built-in list", "[annotate][names]") {
  const auto &g = ann::gazetteer::builtin();
  CHECK(g.size() > 250);
  const std::string text =
      "Kazakstan, Kazakhstan and the Republic of Kazakhstan; Kyrgyzstan and Kirghizia; "
      "the USA, the U.S., the United States; Astana, NATO, the OSCE, the UN, the EU, the "
      "World Bank, the IMF, the WTO and OPEC; the People's Republic of China and the "
      "People\xE2\x80\x99s Republic of China.";
  const auto l = ann::names(text, g);
  std::map<std::string, std::string> ref;
  for (std::size_t i = 0; i < l.size(); ++i)
    ref[text.substr(l.begin(i), l.end(i) - l.begin(i))] = std::string(l.attribute_value(i, "ref"));
  const std::string wd = "http://www.wikidata.org/entity/";
  CHECK(ref["Kazakstan"] == wd + "Q232");
  CHECK(ref["Kazakhstan"] == wd + "Q232");
  CHECK(ref["Republic of Kazakhstan"] == wd + "Q232");
  CHECK(ref["Kyrgyzstan"] == ref["Kirghizia"]);
  CHECK(ref["USA"] == wd + "Q30");
  CHECK(ref["U.S."] == wd + "Q30");
  CHECK(ref["United States"] == wd + "Q30");
  CHECK(ref["Astana"] == wd + "Q1520");
  CHECK(ref["NATO"] == wd + "Q7184");
  CHECK(ref["People's Republic of China"] == wd + "Q148");
  CHECK(ref["People\xE2\x80\x99s Republic of China"] == wd + "Q148");
  for (const char *org : {"OSCE", "UN", "EU", "World Bank", "IMF", "WTO", "OPEC"})
    CHECK(ref.count(org) == 1);
  for (std::size_t i = 0; i < l.size(); ++i)
    if (std::string_view r = l.attribute_value(i, "ref"); !r.empty()) {
      CHECK(r.starts_with(wd + "Q"));
      CHECK(r.substr(wd.size() + 1).find_first_not_of("0123456789") == std::string_view::npos);
    }
  // Every entry has a valid type, and refs look like Wikidata entity URIs.
  for (const auto &e : g.entries())
    if (!e.ref.empty()) CHECK(e.ref.starts_with(wd + "Q"));
}

TEST_CASE("dates: weekdays, spans back and on from the document's date, a month of last year", "[annotate]") {
  CHECK(found_dates("It reopened on Tuesday morning.") == strings{"Tuesday|type=relative"});
  CHECK(found_dates("a march on sunday") == strings{});
  CHECK(found_dates("over the past three decades and the coming years") ==
        strings{"past three decades|type=relative", "coming years|type=relative"});
  CHECK(found_dates("in the last few years") == strings{"last few years|type=relative"});
  CHECK(found_dates("in March of last year") == strings{"March of last year|type=relative"});
  CHECK(found_dates("twelve years before") == strings{"twelve years before|type=relative"});
}

TEST_CASE("dates: named events from the built-in list and the user's", "[annotate]") {
  CHECK(found_dates("Before World War II and during the Cold War.") ==
        strings{"World War II|from=1939|to=1945", "Cold War|from=1947|to=1991"});
  CHECK(found_dates("after the fall of the Berlin Wall") ==
        strings{"fall of the Berlin Wall|when=1989-11-09"});
  CHECK(found_dates("World War III and Cold Warrior").empty()); // word boundaries
  ann::date_options o;
  o.builtin_events = false;
  o.events.push_back({"Vellmar Flood", "1962-02-16", "", ""});
  CHECK(found_dates("the Vellmar Flood, not World War II", o) == strings{"Vellmar Flood|when=1962-02-16"});
  // A date found by the scanner wins over an event that overlaps it.
  CHECK(found_dates("on September 11 2001") == strings{"September 11 2001|when=2001-09-11"});
}

TEST_CASE("dates: events are found at every word start, once per text", "[annotate][dates]") {
  const std::string lq = "\xE2\x80\x9C", rq = "\xE2\x80\x9D", o_macron = "\xC5\x8C";
  // Word starts the lexer meets in odd places: the text's start, after a non-ASCII letter or a
  // decade's "'s", after punctuation; none after an ASCII letter or digit, not even at byte 1.
  CHECK(found_dates("Cold War") == strings{"Cold War|from=1947|to=1991"});
  CHECK(found_dates("xCold War, 1Cold War, Cold Wars, Cold War2").empty());
  CHECK(found_dates(o_macron + "Cold War") == strings{"Cold War|from=1947|to=1991"});
  CHECK(found_dates("(Cold War)") == strings{"Cold War|from=1947|to=1991"});
  CHECK(found_dates("a " + lq + "Cold War" + rq) == strings{"Cold War|from=1947|to=1991"});
  ann::date_options o;
  o.builtin_events = false;
  o.events = {{"s Day", "1950", "", ""},
              {"X", "1960", "", ""},
              {lq + "Big Freeze" + rq, "1963", "", ""},
              {"Day of X", "1970", "", ""},
              {"X Day", "1980", "", ""}};
  CHECK(found_dates("the 1990's Day and the 10's Day", o) ==
        strings{"1990's|notBefore=1990|notAfter=1999", "s Day|when=1950"});
  // One-letter names; a name that starts with no letter; an event listed earlier wins an overlap
  // ("X" before "Day of X"), wherever it stands; later ones fill the gaps.
  CHECK(found_dates("X, Day of X, X Day, a" + lq + "Big Freeze" + rq + ", " + lq + "Big Freeze" + rq, o) ==
        strings{"X|when=1960", "X|when=1960", "X|when=1960", lq + "Big Freeze" + rq + "|when=1963"});
  o.events = {{"Day of X", "1970", "", ""}, {"X", "1960", "", ""}, {"Day", "1990", "", ""}};
  CHECK(found_dates("X, Day of X, X Day", o) ==
        strings{"X|when=1960", "Day of X|when=1970", "X|when=1960", "Day|when=1990"});
  // Built-in events before the user's: "fall of the Berlin Wall" keeps its span.
  o.builtin_events = true;
  o.events = {{"Berlin Wall", "1961", "", ""}};
  CHECK(found_dates("the fall of the Berlin Wall and the Berlin Wall", o) ==
        strings{"fall of the Berlin Wall|when=1989-11-09", "Berlin Wall|when=1961"});
  // Many matches, each checked against the dates and earlier matches in logarithmic time.
  std::string many;
  for (int k = 0; k < 20000; ++k)
    many += "in 1991 the X and X ";
  o.builtin_events = false;
  o.events = {{"X", "1960", "", ""}, {"the X", "1970", "", ""}};
  CHECK(ann::dates(many, o).size() == 20000 * 3);
}

TEST_CASE("dates: the lexer's fast path for ASCII words gives what the general one does",
          "[annotate][dates]") {
  // Keywords of every length in any case, at the end of the text (fewer than 16 bytes left to
  // load) and before more text; words of more than 8 letters and 16 letters; words that go on
  // with a digit or a non-ASCII letter (no keyword: "lastly", "LastÖ" are single words).
  const strings expected{"NINETEENTH century|notBefore=1800|notAfter=1899",
                         "Seventeenth Century|notBefore=1600|notAfter=1699", "LAST YEAR|type=relative",
                         "two years ago|type=relative"};
  const std::string text =
      "Interdisciplinary people in the NINETEENTH century and Seventeenth Century, LAST YEAR two years ago";
  CHECK(found_dates(text) == expected);
  CHECK(found_dates(text + "                    ") == expected);
  CHECK(found_dates(text + ", then lastly last2 year, Last\xC3\x96 year, last\tyear") ==
        strings{expected[0], expected[1], expected[2], expected[3], "last\tyear|type=relative"});
  CHECK(found_dates("in").empty());
  CHECK(found_dates("since").empty());
  CHECK(found_dates("yesterday") == strings{"yesterday|type=relative"});
  CHECK(found_dates("Yesterday") == strings{"Yesterday|type=relative"});
  CHECK(found_dates("abcdefgh ijklmnopqrstuvwx in 1991") == strings{"1991|when=1991"});
  CHECK(found_dates("abcdefghijklmnop\xC3\x96 in 1991") == strings{"1991|when=1991"});
  CHECK(found_dates("Zz@[`{ in 1991") == strings{"1991|when=1991"}); // bytes next to the letters
}

TEST_CASE("annotators on the seeds", "[annotate][seeds]") {
  const auto dir = test::shared_dir() / "seeds";
  const auto news = dir / "000_40d1a890abeb5e88.txt";
  const auto book = dir / "004_d7dc1745ff628162.txt";
  if (!std::filesystem::exists(news) || !std::filesystem::exists(book)) {
    WARN("seeds not found in " << dir.string() << "; skipped");
    return;
  }
  const auto a = parse(test::slurp(news), {.id = "kalpykova2002"});
  const auto b = parse(test::slurp(book), {.id = "ch6"});
  const auto na = ann::names(a), nb = ann::names(b);
  const auto ref_of = [](const document &d, const layer &l, std::string_view name) {
    for (std::size_t i = 0; i < l.size(); ++i)
      if (std::string_view(d.text()).substr(l.begin(i), l.end(i) - l.begin(i)) == name)
        return std::string(l.attribute_value(i, "ref"));
    return std::string("(none)");
  };
  CHECK(ref_of(a, na, "Kazakstan") == "http://www.wikidata.org/entity/Q232");
  CHECK(ref_of(a, na, "Kazakstan") == ref_of(b, nb, "Kazakhstan"));
  CHECK(ref_of(a, na, "US") == ref_of(b, nb, "United States"));
  CHECK(ref_of(a, na, "Astana") == "http://www.wikidata.org/entity/Q1520");
  CHECK(ref_of(b, nb, "NATO") == "http://www.wikidata.org/entity/Q7184");
  CHECK(ref_of(b, nb, "World Trade Organization") == "http://www.wikidata.org/entity/Q7825");
  // "Kazakhstani" and "Kazakhs" are not Kazakhstan.
  for (std::size_t i = 0; i < nb.size(); ++i)
    CHECK(std::string_view(b.text()).substr(nb.begin(i), nb.end(i) - nb.begin(i)) != "Kazakhstani");

  const auto da = ann::dates(a), db = ann::dates(b);
  const auto dates_of = [](const document &d, const layer &l) { return describe(l, d.text()); };
  CHECK(dates_of(a, da) == strings{"September 11|when=--09-11", "last year|type=relative",
                                   "last few years|type=relative", "two years earlier|type=relative",
                                   "September 11|when=--09-11"});
  CHECK(dates_of(b, db) == strings{"past three decades|type=relative", "past decades|type=relative",
                                   "nineteenth century|notBefore=1800|notAfter=1899", "1993|when=1993",
                                   "mid-1990s|notBefore=1994|notAfter=1996",
                                   "from 2003 to 2008|from=2003|to=2008", "today|type=relative",
                                   "coming years|type=relative", "Today|type=relative",
                                   "coming years|type=relative"});
  ann::date_options o;
  o.document_date = ann::civil_date{2002, 0, 0};
  CHECK(ann::dates(a, o).attribute_value(1, "when") == "2001");
  auto copy = a;
  copy.put_layer(da);
  copy.put_layer(na);
  CHECK(copy.find_layer("names")->size() == na.size());
}

TEST_CASE("annotators: random text of tricky tokens keeps every invariant", "[annotate]") {
  // Spans lie in the text, on character boundaries, in order and without overlap.
  const std::vector<std::string> vocab{"1991",
                                       "2001",
                                       "92",
                                       "12",
                                       "31",
                                       "2,003",
                                       "$",
                                       "-",
                                       "\xE2\x80\x93",
                                       "/",
                                       ".",
                                       ",",
                                       "'s",
                                       "s",
                                       "th",
                                       "March",
                                       "May",
                                       "Sept",
                                       "from",
                                       "to",
                                       "until",
                                       "between",
                                       "and",
                                       "the",
                                       "mid",
                                       "early",
                                       "late",
                                       "century",
                                       "centuries",
                                       "19th",
                                       "nineteenth",
                                       "twenty",
                                       "first",
                                       "ago",
                                       "years",
                                       "year",
                                       "two",
                                       "a",
                                       "few",
                                       "last",
                                       "next",
                                       "this",
                                       "yesterday",
                                       "BC",
                                       "AD",
                                       "B",
                                       "C",
                                       "U.S.",
                                       "Kazakhstan",
                                       "New York",
                                       "New",
                                       "York",
                                       "Zürich",
                                       "\xC3\xA9",
                                       "\xE2\x80\x99",
                                       "\"",
                                       " ",
                                       " ",
                                       " ",
                                       "\n",
                                       "\n\n",
                                       "T",
                                       ":",
                                       "00"};
  const auto g = small_gazetteer(true);
  std::uint64_t state = 42;
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(state >> 33);
  };
  const auto boundary = [](const std::string &t, std::size_t i) {
    return i == t.size() || (static_cast<unsigned char>(t[i]) & 0xC0) != 0x80;
  };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const std::size_t n = 1 + next() % 60;
    for (std::size_t k = 0; k < n; ++k) {
      text += vocab[next() % vocab.size()];
      if (next() % 3 == 0) text += ' ';
    }
    ann::date_options o;
    if (round % 2)
      o.document_date = ann::civil_date{2002, static_cast<int>(round % 13), static_cast<int>(round % 29)};
    if (o.document_date && o.document_date->month == 0) o.document_date->day = 0;
    for (const layer &l : {ann::dates(text, o), ann::names(text, g), ann::names(text)}) {
      std::size_t last_end = 0;
      for (std::size_t i = 0; i < l.size(); ++i) {
        INFO(text);
        CHECK(l.begin(i) < l.end(i));
        CHECK(l.end(i) <= text.size());
        CHECK(l.begin(i) >= last_end);
        CHECK(boundary(text, l.begin(i)));
        CHECK(boundary(text, l.end(i)));
        last_end = l.end(i);
      }
    }
  }
}
