// SPDX-License-Identifier: MIT
#include <alinea/ingest.hpp>
#include <alinea/ranges.hpp>

#include <catch2/catch.hpp>

#include <range/v3/range/conversion.hpp>

#include <string>
#include <vector>

TEST_CASE("range-v3 views list the paragraphs of a document", "[ranges]") {
  const auto doc = alinea::parse("A Title\n\nFirst.\n\nSecond.\n", {.id = "r"});
  const auto texts = alinea::views::paragraph_texts(doc) | ranges::to<std::vector<std::string>>();
  CHECK(texts == std::vector<std::string>{"First.", "Second."});
  CHECK(ranges::distance(alinea::views::paragraphs(doc)) == 2);
}
