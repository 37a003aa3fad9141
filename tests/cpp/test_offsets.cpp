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

namespace {

// Text of characters of every length, so that characters straddle the counter's blocks.
std::string mixed_text(std::size_t units) {
  std::string text;
  for (std::size_t k = 0; k < units; ++k)
    text += k % 5 == 0 ? "caf\xC3\xA9 \xF0\x9F\x98\x80 " : k % 5 == 1 ? "\xE4\xB8\xAD\xE6\x96\x87 " : "ab ";
  return text;
}

std::vector<std::size_t> boundaries(const std::string &text) {
  std::vector<std::size_t> out;
  for (std::size_t byte = 0; byte <= text.size(); ++byte)
    if (byte == text.size() || !detail::is_continuation(static_cast<unsigned char>(text[byte])))
      out.push_back(byte);
  return out;
}

} // namespace

TEST_CASE("code_point_counter agrees with offset_map at every boundary, in order", "[offsets]") {
  const std::string text = mixed_text(400);
  const offset_map map(text);
  std::size_t slow_calls = 0;
  const auto slow = [&](std::size_t byte) {
    ++slow_calls;
    return map.to_code_point(text, byte);
  };
  code_point_counter counter(text, map.ascii(), slow);
  for (const std::size_t byte : boundaries(text))
    REQUIRE(counter.to_code_point(byte) == map.to_code_point(text, byte));
  CHECK(slow_calls == 0); // a forward sweep never needs the slow conversion
}

TEST_CASE("code_point_counter steps back, jumps and restores exactly", "[offsets]") {
  const std::string text = mixed_text(3000);
  const offset_map map(text);
  const auto slow = [&](std::size_t byte) { return map.to_code_point(text, byte); };
  const auto all = boundaries(text);
  SECTION("overlapping spans: each end lies past the next start") {
    code_point_counter counter(text, false, slow);
    for (std::size_t k = 0; k + 60 < all.size(); k += 7) {
      REQUIRE(counter.to_code_point(all[k]) == map.to_code_point(text, all[k]));
      REQUIRE(counter.to_code_point(all[k + 60]) == map.to_code_point(text, all[k + 60]));
    }
  }
  SECTION("nested spans: a long span, then the short ones inside it") {
    code_point_counter counter(text, false, slow);
    for (std::size_t k = 0; k + 400 < all.size(); k += 400) {
      REQUIRE(counter.to_code_point(all[k + 400]) == map.to_code_point(text, all[k + 400]));
      for (std::size_t j = k; j < k + 400; j += 3)
        REQUIRE(counter.to_code_point(all[j]) == map.to_code_point(text, all[j]));
    }
  }
  SECTION("any order") {
    code_point_counter counter(text, false, slow);
    std::size_t state = 12345;
    for (int k = 0; k < 5000; ++k) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::size_t byte = all[(state >> 33) % all.size()];
      REQUIRE(counter.to_code_point(byte) == map.to_code_point(text, byte));
    }
    REQUIRE(counter.to_code_point(text.size()) == map.code_point_count());
    REQUIRE(counter.to_code_point(0) == 0);
  }
}

TEST_CASE("code_point_counter on ASCII, empty and short texts", "[offsets]") {
  const std::string ascii(1000, 'a');
  const offset_map plain(ascii);
  const auto slow = [&](std::size_t byte) { return plain.to_code_point(ascii, byte); };
  code_point_counter counter(ascii, true, slow);
  CHECK(counter.to_code_point(999) == 999);
  CHECK(counter.to_code_point(3) == 3);
  CHECK(counter.to_code_point(1000) == 1000);

  const std::string empty;
  const offset_map none(empty);
  const auto slow_empty = [&](std::size_t byte) { return none.to_code_point(empty, byte); };
  code_point_counter on_empty(empty, false, slow_empty);
  CHECK(on_empty.to_code_point(0) == 0);

  const std::string shorter = "\xF0\x9F\x98\x80z\xC3\xA9"; // shorter than a block
  const offset_map small(shorter);
  const auto slow_small = [&](std::size_t byte) { return small.to_code_point(shorter, byte); };
  code_point_counter on_short(shorter, false, slow_small);
  CHECK(on_short.to_code_point(7) == 3);
  CHECK(on_short.to_code_point(4) == 1);
  CHECK(on_short.to_code_point(5) == 2);
  CHECK(on_short.to_code_point(0) == 0);
}
