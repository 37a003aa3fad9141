// SPDX-License-Identifier: MIT
#include <alinea/detail/utf8.hpp>
#include <alinea/offsets.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace alinea;

TEST_CASE("ASCII text maps offsets to themselves", "[offsets]") {
  const std::string text(1000, 'a');
  const offset_map map(text);
  CHECK(map.ascii());
  CHECK(map.to_code_point(text, 777) == 777);
  CHECK(map.to_byte(text, 777) == 777);
  CHECK(map.code_point_count() == 1000);
}

TEST_CASE("byte and code-point offsets convert both ways across block boundaries", "[offsets][unicode]") {
  // En dash (3 bytes), e + combining acute (1 + 2), emoji (4), CJK (3), ASCII.
  const std::string unit = "a\xE2\x80\x93"
                           "e\xCC\x81"
                           "\xF0\x9F\x98\x80"
                           "\xE4\xB8\xAD"
                           "z ";
  std::string text;
  for (int i = 0; i < 300; ++i)
    text += unit; // several 256-byte blocks
  const offset_map map(text);
  REQUIRE_FALSE(map.ascii());
  std::size_t cp = 0;
  for (std::size_t byte = 0; byte <= text.size(); ++byte) {
    if (byte < text.size() && detail::is_continuation(static_cast<unsigned char>(text[byte]))) continue;
    REQUIRE(map.to_code_point(text, byte) == cp);
    REQUIRE(map.to_byte(text, cp) == byte);
    ++cp;
  }
  CHECK(map.code_point_count() == cp - 1);
  CHECK(map.to_byte(text, cp + 100) == text.size()); // clamped
}

TEST_CASE("scan_utf8 finds invalid sequences and characters XML forbids", "[offsets][unicode]") {
  using detail::utf8_problem;
  CHECK(detail::scan_utf8("plain \xE2\x80\x93 text").problem == utf8_problem::none);
  const auto bad = GENERATE(as<std::string>{}, "ab\xFF", "ab\xC0\x80", "ab\xED\xA0\x80", "ab\xF4\x90\x80\x80",
                            "ab\xE2\x80", "ab\x80");
  CAPTURE(bad);
  const auto scan = detail::scan_utf8(bad);
  CHECK(scan.problem == utf8_problem::invalid);
  CHECK(scan.offset == 2);
}

TEST_CASE("scan_utf8 reports NUL, C0 controls and U+FFFE, and allows tab, CR, LF, FF", "[offsets][unicode]") {
  using detail::utf8_problem;
  CHECK(detail::scan_utf8("a\tb\r\nc\fd").problem == utf8_problem::none);
  for (const std::string &bad : {std::string("xyz\0", 4), std::string("xyz\x01"), std::string("xyz\x0B"),
                                 std::string("xyz\x1F"), std::string("xyz\xEF\xBF\xBE")}) {
    const auto scan = detail::scan_utf8(bad);
    CHECK(scan.problem == utf8_problem::illegal_xml_char);
    CHECK(scan.offset == 3);
  }
}

TEST_CASE("offset_cursor agrees with offset_map forwards, backwards and at the ends", "[offsets]") {
  std::string text;
  for (int k = 0; k < 300; ++k)
    text += k % 7 == 0 ? "caf\xC3\xA9 \xF0\x9F\x98\x80 " : "plain words ";
  const offset_map map(text);
  offset_cursor cursor(text, map);
  const std::size_t count = map.code_point_count();
  // Forwards in small and large steps, then backwards, then past the end.
  std::vector<std::size_t> cps;
  for (std::size_t cp = 0; cp <= count; cp += 1 + cp % 13)
    cps.push_back(cp);
  for (std::size_t cp = count; cp > 0; cp -= std::min<std::size_t>(cp, 97))
    cps.push_back(cp);
  cps.push_back(count + 5);
  for (const auto cp : cps) {
    const std::size_t byte = cursor.to_byte(cp);
    REQUIRE(byte == map.to_byte(text, cp));
    if (cp <= count) REQUIRE(cursor.to_code_point(byte) == cp);
  }
  const std::string ascii = "only ascii here";
  const offset_map plain(ascii);
  offset_cursor c2(ascii, plain);
  CHECK(c2.to_byte(5) == 5);
  CHECK(c2.to_code_point(9) == 9);
}
