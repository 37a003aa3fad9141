// SPDX-License-Identifier: MIT
#include <alinea/layer.hpp>

#include <alinea/document.hpp>
#include <alinea/error.hpp>

#include <catch2/catch.hpp>

#include <cmath>

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

TEST_CASE("provenance: annotator, version and confidence per annotation", "[layer]") {
  layer l("names");
  l.add(0, 3, "persName");
  l.add(4, 9, "persName", {}, provenance{"alinea.names", "0.1.0", 0.75});
  l.add(10, 12, "placeName", {}, provenance{"", "", 1.0});
  l.add(13, 14, "orgName");
  CHECK_FALSE(l.made_by(0).confidence);
  CHECK(l.made_by(0).annotator.empty());
  CHECK(l.made_by(1) == provenance{"alinea.names", "0.1.0", 0.75});
  CHECK(l.made_by(2).annotator.empty());
  CHECK(l.made_by(2).confidence == 1.0);
  CHECK(l.made_by(3) == provenance{});
  CHECK(l.has_provenance());
  layer m("names");
  m.add(0, 3, "persName");
  CHECK_FALSE(m.has_provenance());
}

TEST_CASE("invalid annotations are refused and leave the layer unchanged", "[layer]") {
  layer l("x");
  l.add(0, 1, "t");
  const attribute bad_name{"has space", "v"};
  const attribute bad_value{"k", std::string("a\0b", 3)};
  CHECK_THROWS_AS(l.add(2, 1, "t"), argument_error);
  CHECK_THROWS_AS(l.add(0, 1, "two words"), argument_error);
  CHECK_THROWS_AS(l.add(0, 1, ""), argument_error);
  CHECK_THROWS_AS(l.add(0, 1, "t", {&bad_name, 1}), argument_error);
  CHECK_THROWS_AS(l.add(0, 1, "t", {&bad_value, 1}), argument_error);
  CHECK_THROWS_AS(l.add(0, 1, "t", {}, provenance{"a", "", 1.5}), argument_error);
  CHECK_THROWS_AS(l.add(0, 1, "t", {}, provenance{"a", "", std::nan("")}), argument_error);
  CHECK_THROWS_AS(layer(""), argument_error);
  CHECK_THROWS_AS(layer(std::string("a\x01", 2)), argument_error);
  REQUIRE(l.size() == 1);
  CHECK(l.attributes(0).empty());
  CHECK_FALSE(l.has_provenance());
  l.add(1, 2, "u", {}, provenance{"me", "1", 0.5});
  CHECK(l.made_by(1).annotator == "me");
}

TEST_CASE("names: types, attribute names and XML text", "[layer]") {
  CHECK(is_valid_annotation_type("persName"));
  CHECK(is_valid_annotation_type("my-topic.1"));
  CHECK(is_valid_annotation_type("ort\xC3\xA9"));
  CHECK_FALSE(is_valid_annotation_type("a b"));
  CHECK_FALSE(is_valid_annotation_type("a\xC2\xA0"
                                       "b"));             // no-break space
  CHECK_FALSE(is_valid_annotation_type("a\xE2\x80\x8B")); // zero-width space
  CHECK(is_valid_attribute_name("xml:lang"));
  CHECK(is_valid_attribute_name("ref"));
  CHECK_FALSE(is_valid_attribute_name("1x"));
  CHECK_FALSE(is_valid_attribute_name("-x"));
  CHECK(is_valid_attribute_name("na\xC3\xAFve"));
  CHECK_FALSE(is_valid_attribute_name("\xC3"));
  CHECK(is_xml_text("tab\tand\nline"));
  CHECK_FALSE(is_xml_text("form\ffeed"));
  CHECK_FALSE(is_xml_text("\xEF\xBF\xBE"));
  CHECK_FALSE(is_xml_text("\xC3"));
}

TEST_CASE("document order sorts by start, longer first; equality ignores insertion order", "[layer]") {
  layer a("x"), b("x");
  a.add(5, 9, "t");
  a.add(0, 2, "t");
  a.add(0, 4, "t");
  a.add(0, 4, "s");
  CHECK(a.document_order() == std::vector<std::uint32_t>{3, 2, 1, 0});
  b.add(0, 4, "s");
  b.add(0, 4, "t");
  b.add(0, 2, "t");
  b.add(5, 9, "t");
  CHECK(b.document_order() == std::vector<std::uint32_t>{0, 1, 2, 3});
  CHECK(a == b);
  b.add(5, 9, "t");
  CHECK_FALSE(a == b);
}

TEST_CASE("a layer knows whether it was added in document order", "[layer]") {
  layer l("x");
  CHECK(l.in_document_order()); // empty
  l.add(0, 5, "a");
  l.add(0, 3, "a"); // same start, shorter: after
  l.add(0, 3, "b"); // same span, later type: after
  l.add(0, 3, "b"); // equal: storage order is document order
  l.add(4, 4, "a");
  CHECK(l.in_document_order());
  CHECK(l.document_order() == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
  // A refused addition leaves the flag as it was.
  const attribute bad{"bad name", "v"};
  CHECK_THROWS_AS(l.add(1, 2, "a", {&bad, 1}), argument_error);
  CHECK(l.in_document_order());
  l.add(4, 4, "a", {}, {.annotator = "x"}); // ties broken by provenance: "" < "x", in order
  CHECK(l.in_document_order());

  SECTION("a start before the last") {
    l.add(2, 3, "a");
    CHECK_FALSE(l.in_document_order());
    l.add(9, 10, "a"); // stays false
    CHECK_FALSE(l.in_document_order());
    CHECK(l.document_order() == std::vector<std::uint32_t>{0, 1, 2, 3, 6, 4, 5, 7});
  }
  SECTION("a tie decided by what follows the span") {
    layer m("m");
    m.add(0, 3, "b");
    m.add(0, 3, "a");
    CHECK_FALSE(m.in_document_order());
    CHECK(m.document_order() == std::vector<std::uint32_t>{1, 0});
    layer p("p");
    p.add(0, 3, "a", {}, {.confidence = 0.9});
    p.add(0, 3, "a", {}, {.confidence = 0.1});
    CHECK_FALSE(p.in_document_order());
    layer q("q");
    q.add(0, 2, "a");
    q.add(0, 3, "a"); // same start, longer: before
    CHECK_FALSE(q.in_document_order());
  }
  SECTION("copies keep it") {
    layer copy = l;
    copy.add(1, 2, "a");
    CHECK_FALSE(copy.in_document_order());
    CHECK(l.in_document_order());
  }
}

TEST_CASE("a layer's columns: type ids and confidences in storage order", "[layer]") {
  layer l("x");
  l.add(0, 1, "a");
  l.add(2, 3, "b");
  CHECK(l.type_ids().size() == 2);
  CHECK(l.type_ids()[1] == 1);
  CHECK(l.confidences().empty()); // none given
  l.add(4, 5, "a", {}, {.confidence = 0.5});
  l.add(6, 7, "b");
  REQUIRE(l.confidences().size() == 4);
  CHECK(std::isnan(l.confidences()[0]));
  CHECK(l.confidences()[2] == 0.5);
  CHECK(std::isnan(l.confidences()[3]));
  CHECK(l.type_ids()[2] == 0);
}

TEST_CASE("find: overlapping, within, type, attributes, annotator", "[layer]") {
  layer l("names");
  const attribute q1{"ref", "Q1"}, q2{"ref", "Q2"};
  l.add(10, 20, "persName", {&q1, 1}, provenance{"gold", "", std::nullopt});
  l.add(0, 5, "placeName", {&q2, 1});
  l.add(15, 15, "pb");
  l.add(18, 30, "persName", {&q2, 1}, provenance{"alinea.names", "1", 0.5});
  using range = std::pair<std::size_t, std::size_t>;
  layer::filter f;
  f.overlapping = range{4, 11};
  CHECK(l.find(f) == std::vector<std::uint32_t>{1, 0});
  f.overlapping = range{20, 25}; // [10, 20) ends where the query starts: no overlap
  CHECK(l.find(f) == std::vector<std::uint32_t>{3});
  f.overlapping = range{15, 16}; // the empty pb at 15 touches it
  CHECK(l.find(f) == std::vector<std::uint32_t>{0, 2});
  f = {};
  f.within = range{0, 20};
  CHECK(l.find(f) == std::vector<std::uint32_t>{1, 0, 2});
  f = {};
  f.type = "persName";
  CHECK(l.find(f) == std::vector<std::uint32_t>{0, 3});
  f.type = "nothing";
  CHECK(l.find(f).empty());
  f = {};
  f.attributes = {&q2, 1};
  CHECK(l.find(f) == std::vector<std::uint32_t>{1, 3});
  f.annotator = "alinea.names";
  CHECK(l.find(f) == std::vector<std::uint32_t>{3});
}

TEST_CASE("documents add, replace, extend and remove layers, and check spans", "[layer][document]") {
  document doc("caf\xC3\xA9 au lait", metadata{"d", "", ""}, {}, {});
  layer &names = doc.add_layer("names");
  CHECK(names.empty());
  CHECK_THROWS_AS(doc.add_layer("names"), argument_error);
  doc.annotate("names", 0, 5, "term");
  doc.annotate("topics", 6, 8, "seg"); // created on first use
  REQUIRE(doc.find_layer("topics"));
  CHECK(doc.find_layer("names")->size() == 1);
  CHECK_THROWS_AS(doc.annotate("names", 0, 4, "term"), argument_error); // splits the é
  CHECK_THROWS_AS(doc.annotate("names", 0, 99, "term"), argument_error);
  layer replacement("names");
  replacement.add(0, 3, "persName");
  doc.put_layer(replacement);
  CHECK(doc.layers().size() == 2);
  CHECK(doc.layers()[0].name() == "names"); // replaced in its place
  CHECK(doc.find_layer("names")->type(0) == "persName");
  layer outside("far");
  outside.add(0, 100, "t");
  CHECK_THROWS_AS(doc.put_layer(outside), argument_error);
  CHECK_FALSE(doc.find_layer("far"));
  doc.remove_layer("topics");
  CHECK_FALSE(doc.find_layer("topics"));
  CHECK_THROWS_AS(doc.remove_layer("topics"), argument_error);
  CHECK_THROWS_AS(doc.remove_layer("edits"), argument_error);
  CHECK_THROWS_AS(doc.layer_for_update("edits"), argument_error);
  CHECK_THROWS_AS(doc.put_layer(layer("edits")), argument_error);
  CHECK(doc.layer_for_update("missing") == nullptr);
  CHECK_THROWS_AS(document("x", metadata{"d", "", ""}, {}, {layer("a"), layer("a")}), argument_error);
}
