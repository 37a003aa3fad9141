// SPDX-License-Identifier: MIT
#include <alinea/layer.hpp>

#include <catch2/catch.hpp>

using namespace alinea;

TEST_CASE("a layer stores spans, interned types and attributes in order", "[layer]") {
  layer l("names");
  const attribute ref{"ref", "https://www.wikidata.org/wiki/Q1"};
  l.add(0, 5, "persName", {&ref, 1});
  l.add(7, 9, "placeName");
  l.add(10, 12, "persName");
  REQUIRE(l.size() == 3);
  CHECK(l.name() == "names");
  CHECK(l.type(0) == "persName");
  CHECK(l.type(1) == "placeName");
  CHECK(l.type(2) == "persName");
  CHECK(l.begin(1) == 7);
  CHECK(l.end(1) == 9);
  CHECK(l.attributes(0).size() == 1);
  CHECK(l.attributes(1).empty());
  CHECK(l.attribute_value(0, "ref") == ref.value);
  CHECK(l.attribute_value(0, "when").empty());
}

TEST_CASE("layers compare by content", "[layer]") {
  layer a("x"), b("x");
  a.add(0, 1, "t");
  CHECK_FALSE(a == b);
  b.add(0, 1, "t");
  CHECK(a == b);
  const attribute v{"k", "v"};
  layer c("x");
  c.add(0, 1, "t", {&v, 1});
  CHECK_FALSE(a == c);
}
