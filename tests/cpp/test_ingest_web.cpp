// SPDX-License-Identifier: MIT
// Web-page boilerplate (cpp/src/ingest_web.cpp): the article of a whole-page text dump is found
// among menus, share lines, captions, related stories, comments and footers; other texts are
// left alone. Real pages are scored by tests/bench/score_news.py (see docs/ingest.md).
#include "support.hpp"

#include <alinea/ingest.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace alinea;

namespace {

// A page as a text browser dumps it (invented; shaped like the pages in corpus/news).
const std::string page = R"(Skip to main content
The Daily Example - Back to home
Subscribe  Sign in

  • News
  • Opinion
  • Sport
  • Culture

[                    ] Search

  • World | Politics | Business | Science | Travel

Home | World | Europe

Harbour town votes to keep its ferry

By Jane Doe
March 18, 2015 at 6:01 am

  • Share on Facebook
  • Share on Twitter
  • Share via Email

[harbour-ferry-1160x768]
The old ferry at the quay. Photograph: John Smith for the Daily Example

The council of the small harbour town voted on Tuesday to keep its ferry
running for another ten years, after a campaign that filled the town hall
for three evenings in a row.

The ferry, which has crossed the estuary since 1921, carries about four
hundred people a day. Without it, the nearest bridge is forty minutes away.

Advertisement

"We would have lost the market, the school and the doctor," said Anna
Berg, who runs the bakery on the quay. "Nobody here drives to the city."

A costly repair

The vote does not settle how the repair of the landing stage will be paid
for. The council has asked the regional government for half of the cost.

Officials said an answer was expected before the summer.

Related stories

  • Bridge plan shelved again
  • Ferry crews strike for better pay

Comments (12)

Leave a comment [                    ] [Post]

Great article, thanks. I have used that ferry every week for twenty years
and I hope it keeps running for twenty more.

  • About us | Contact | Jobs | Advertise
  • Privacy policy | Terms of use | Cookie settings

© 2015 The Daily Example. All rights reserved.
)";

std::vector<std::string> texts_of(const document &doc, block_kind kind) {
  std::vector<std::string> out;
  for (const auto &b : doc.blocks())
    if (b.kind == kind) out.emplace_back(doc.text_of(b));
  return out;
}

std::vector<std::string> paragraph_texts(const document &doc) {
  std::vector<std::string> out;
  for (std::size_t n = 1; n <= doc.paragraph_count(); ++n)
    out.emplace_back(doc.text_of(doc.paragraph(n)));
  return out;
}

} // namespace

TEST_CASE("web page: the article is the body; menus, captions, related stories, comments and "
          "footers are boilerplate",
          "[ingest][web]") {
  const auto doc = parse(page, {.id = "ferry"});
  CHECK(doc.source_text() == page); // nothing lost
  CHECK(doc.meta().title == "Harbour town votes to keep its ferry");
  CHECK(texts_of(doc, block_kind::byline) ==
        std::vector<std::string>{"By Jane Doe March 18, 2015 at 6:01 am"});
  CHECK(texts_of(doc, block_kind::heading) == std::vector<std::string>{"A costly repair"});
  const auto paragraphs = paragraph_texts(doc);
  REQUIRE(paragraphs.size() == 5);
  CHECK(paragraphs[0].starts_with("The council of the small harbour town voted on Tuesday"));
  CHECK(paragraphs[1].starts_with("The ferry, which has crossed the estuary since 1921"));
  CHECK(paragraphs[2].starts_with("\"We would have lost the market"));
  CHECK(paragraphs[3].starts_with("The vote does not settle how the repair"));
  CHECK(paragraphs[4] == "Officials said an answer was expected before the summer.");
  const auto boilerplate = texts_of(doc, block_kind::boilerplate);
  const auto has = [&](std::string_view start) {
    return std::any_of(boilerplate.begin(), boilerplate.end(),
                       [&](const std::string &t) { return t.starts_with(start); });
  };
  CHECK(has("Skip to main content"));
  CHECK(has("\u2022 Share on Facebook"));
  CHECK(has("[harbour-ferry-1160x768]")); // the image and its caption
  CHECK(has("Advertisement"));
  CHECK(has("Related stories"));
  CHECK(has("Great article, thanks.")); // a comment, though it is prose
  CHECK(has("\xC2\xA9 2015 The Daily Example."));
  // The front: leading boilerplate, title, byline, then the body.
  CHECK(doc.blocks().front().kind == block_kind::boilerplate);
}

TEST_CASE("web page: with boilerplate detection off, every block stays in the body", "[ingest][web]") {
  parse_options options;
  options.detect_boilerplate = false;
  const auto doc = parse(page, options);
  CHECK(texts_of(doc, block_kind::boilerplate).empty());
  CHECK(doc.paragraph_count() > 10);
  CHECK(doc.source_text() == page);
}

TEST_CASE("web page: prose without web furniture is left alone", "[ingest][web]") {
  // A plain article with a share line at the end and a list inside: no web page.
  const std::string plain = "A Quiet Harbour\n\n"
                            "The council voted on Tuesday to keep the ferry running for ten more years.\n\n"
                            "Residents listed three reasons:\n\n"
                            "- the market\n- the school\n- the doctor\n\n"
                            "Officials said an answer on the repair was expected before the summer.\n\n"
                            "Share this article\n";
  const auto doc = parse(plain);
  CHECK(doc.meta().title == "A Quiet Harbour");
  CHECK(doc.paragraph_count() == 3);
  CHECK(texts_of(doc, block_kind::item).size() == 3);
  CHECK(texts_of(doc, block_kind::boilerplate) ==
        std::vector<std::string>{"Share this article"}); // mark_tail
}

TEST_CASE("web page: the seeds and samples keep all their paragraphs", "[ingest][web][seeds]") {
  const auto seeds = test::shared_dir() / "seeds";
  if (!std::filesystem::exists(seeds)) {
    WARN("shared seeds not found at " << seeds.string() << "; skipped");
    return;
  }
  CHECK(read_file(seeds / "000_40d1a890abeb5e88.txt").paragraph_count() == 16);
  CHECK(read_file(seeds / "004_d7dc1745ff628162.txt").paragraph_count() == 23);
  for (const auto &entry : std::filesystem::directory_iterator(test::source_dir() / "docs" / "samples")) {
    const auto doc = read_file(entry.path());
    CHECK(texts_of(doc, block_kind::boilerplate).empty());
  }
}

TEST_CASE("web page: hostile shapes stay linear and lose nothing", "[ingest][web]") {
  // Long runs of brackets and of "comment", a page of menus repeated many times.
  std::string hostile = std::string(200000, '[') + "]\n\n" + std::string(200000, 'x') + "\n\n";
  for (int i = 0; i < 20000; ++i)
    hostile += "comment";
  hostile += "\n\n";
  for (int i = 0; i < 2000; ++i)
    hostile +=
        "  • Home\n  • News | Sport | Weather\n\n[logo]\n\nA sentence of prose that is long enough to count "
        "as prose, for once.\n\n";
  const auto start = std::chrono::steady_clock::now();
  const auto doc = parse(hostile);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(doc.source_text() == hostile);
  CHECK(seconds < 5.0); // about 0.1 s in a release build; quadratic behaviour would take minutes
}
