// SPDX-License-Identifier: MIT
// The dates annotator: a hand-written scanner over tokens of the UTF-8 text (no regex), with
// a fixed look-ahead, so linear in the text. docs/annotators.md describes the rules.
#include <alinea/annotate.hpp>
#include <alinea/detail/utf8.hpp>
#include <alinea/version.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace alinea::annotate {
namespace {

// ---------------------------------------------------------------------------------------------
// Keywords. Months have ids 1..12, ordinal words 21..40 (id - 20), cardinal words 41..52.

enum kw : int {
  kw_none = 0,
  kw_ord = 20,  // + n: "first" ... "twentieth"
  kw_card = 40, // + n: "one" ... "twelve"
  kw_a = 60,
  kw_the,
  kw_in,
  kw_since,
  kw_from,
  kw_to,
  kw_until,
  kw_till,
  kw_through,
  kw_and,
  kw_between,
  kw_by,
  kw_of,
  kw_during,
  kw_before,
  kw_after,
  kw_around,
  kw_circa,
  kw_c,
  kw_ca,
  kw_early,
  kw_mid,
  kw_late,
  kw_century,
  kw_centuries,
  kw_year,
  kw_years,
  kw_month,
  kw_months,
  kw_week,
  kw_weeks,
  kw_day,
  kw_days,
  kw_decade,
  kw_decades,
  kw_ago,
  kw_earlier,
  kw_later,
  kw_last,
  kw_next,
  kw_this,
  kw_yesterday,
  kw_today,
  kw_tomorrow,
  kw_night,
  kw_season, // spring, summer, autumn, fall, winter
  kw_weekend,
  kw_ad,
  kw_bc,
  kw_twenty,
  kw_few, // few, several, many
  kw_per,
  kw_cent,
  kw_percent,
  kw_past,       // "the past three decades"
  kw_coming,     // "the coming years"
  kw_weekday,    // Monday ... Sunday
  kw_count_noun, // a noun that counts things: "2003 barrels" is not a year
  kw_number_word // "No.", "page", "flight": a bare number after them is not a year
};

struct keyword {
  std::string_view word;
  int id;
};

constexpr auto keywords = [] {
  std::array table{
      keyword{"a", kw_a},
      keyword{"acres", kw_count_noun},
      keyword{"ad", kw_ad},
      keyword{"after", kw_after},
      keyword{"ago", kw_ago},
      keyword{"an", kw_a},
      keyword{"and", kw_and},
      keyword{"apr", 4},
      keyword{"april", 4},
      keyword{"around", kw_around},
      keyword{"art", kw_number_word},
      keyword{"article", kw_number_word},
      keyword{"aug", 8},
      keyword{"august", 8},
      keyword{"autumn", kw_season},
      keyword{"barrels", kw_count_noun},
      keyword{"bc", kw_bc},
      keyword{"bce", kw_bc},
      keyword{"before", kw_before},
      keyword{"between", kw_between},
      keyword{"by", kw_by},
      keyword{"c", kw_c},
      keyword{"ca", kw_ca},
      keyword{"cases", kw_count_noun},
      keyword{"cent", kw_cent},
      keyword{"centuries", kw_centuries},
      keyword{"century", kw_century},
      keyword{"ch", kw_number_word},
      keyword{"chapter", kw_number_word},
      keyword{"children", kw_count_noun},
      keyword{"circa", kw_circa},
      keyword{"copies", kw_count_noun},
      keyword{"day", kw_day},
      keyword{"days", kw_days},
      keyword{"deaths", kw_count_noun},
      keyword{"dec", 12},
      keyword{"decade", kw_decade},
      keyword{"decades", kw_decades},
      keyword{"december", 12},
      keyword{"dollars", kw_count_noun},
      keyword{"during", kw_during},
      keyword{"early", kw_early},
      keyword{"earlier", kw_earlier},
      keyword{"eighteenth", kw_ord + 18},
      keyword{"eighth", kw_ord + 8},
      keyword{"eleven", kw_card + 11},
      keyword{"eleventh", kw_ord + 11},
      keyword{"employees", kw_count_noun},
      keyword{"euros", kw_count_noun},
      keyword{"fall", kw_season},
      keyword{"families", kw_count_noun},
      keyword{"feb", 2},
      keyword{"february", 2},
      keyword{"feet", kw_count_noun},
      keyword{"few", kw_few},
      keyword{"fifteenth", kw_ord + 15},
      keyword{"fifth", kw_ord + 5},
      keyword{"first", kw_ord + 1},
      keyword{"five", kw_card + 5},
      keyword{"flight", kw_number_word},
      keyword{"four", kw_card + 4},
      keyword{"fourteenth", kw_ord + 14},
      keyword{"fourth", kw_ord + 4},
      keyword{"from", kw_from},
      keyword{"hectares", kw_count_noun},
      keyword{"households", kw_count_noun},
      keyword{"in", kw_in},
      keyword{"jan", 1},
      keyword{"january", 1},
      keyword{"jobs", kw_count_noun},
      keyword{"jul", 7},
      keyword{"july", 7},
      keyword{"jun", 6},
      keyword{"june", 6},
      keyword{"kg", kw_count_noun},
      keyword{"km", kw_count_noun},
      keyword{"last", kw_last},
      keyword{"late", kw_late},
      keyword{"later", kw_later},
      keyword{"many", kw_few},
      keyword{"mar", 3},
      keyword{"march", 3},
      keyword{"may", 5},
      keyword{"members", kw_count_noun},
      keyword{"men", kw_count_noun},
      keyword{"meters", kw_count_noun},
      keyword{"metres", kw_count_noun},
      keyword{"mid", kw_mid},
      keyword{"miles", kw_count_noun},
      keyword{"month", kw_month},
      keyword{"months", kw_months},
      keyword{"next", kw_next},
      keyword{"night", kw_night},
      keyword{"nine", kw_card + 9},
      keyword{"nineteenth", kw_ord + 19},
      keyword{"ninth", kw_ord + 9},
      keyword{"no", kw_number_word},
      keyword{"nov", 11},
      keyword{"november", 11},
      keyword{"number", kw_number_word},
      keyword{"oct", 10},
      keyword{"october", 10},
      keyword{"of", kw_of},
      keyword{"one", kw_card + 1},
      keyword{"p", kw_number_word},
      keyword{"page", kw_number_word},
      keyword{"pages", kw_number_word},
      keyword{"people", kw_count_noun},
      keyword{"per", kw_per},
      keyword{"percent", kw_percent},
      keyword{"pounds", kw_count_noun},
      keyword{"pp", kw_number_word},
      keyword{"room", kw_number_word},
      keyword{"route", kw_number_word},
      keyword{"second", kw_ord + 2},
      keyword{"sep", 9},
      keyword{"sept", 9},
      keyword{"september", 9},
      keyword{"seven", kw_card + 7},
      keyword{"seventeenth", kw_ord + 17},
      keyword{"seventh", kw_ord + 7},
      keyword{"several", kw_few},
      keyword{"since", kw_since},
      keyword{"six", kw_card + 6},
      keyword{"sixteenth", kw_ord + 16},
      keyword{"sixth", kw_ord + 6},
      keyword{"soldiers", kw_count_noun},
      keyword{"spring", kw_season},
      keyword{"square", kw_count_noun},
      keyword{"students", kw_count_noun},
      keyword{"summer", kw_season},
      keyword{"ten", kw_card + 10},
      keyword{"tenth", kw_ord + 10},
      keyword{"the", kw_the},
      keyword{"third", kw_ord + 3},
      keyword{"thirteenth", kw_ord + 13},
      keyword{"this", kw_this},
      keyword{"three", kw_card + 3},
      keyword{"through", kw_through},
      keyword{"thru", kw_through},
      keyword{"till", kw_till},
      keyword{"to", kw_to},
      keyword{"today", kw_today},
      keyword{"tomorrow", kw_tomorrow},
      keyword{"tonnes", kw_count_noun},
      keyword{"tons", kw_count_noun},
      keyword{"troops", kw_count_noun},
      keyword{"twelfth", kw_ord + 12},
      keyword{"twelve", kw_card + 12},
      keyword{"twentieth", kw_ord + 20},
      keyword{"twenty", kw_twenty},
      keyword{"two", kw_card + 2},
      keyword{"units", kw_count_noun},
      keyword{"until", kw_until},
      keyword{"voters", kw_count_noun},
      keyword{"votes", kw_count_noun},
      keyword{"week", kw_week},
      keyword{"weekend", kw_weekend},
      keyword{"weeks", kw_weeks},
      keyword{"winter", kw_season},
      keyword{"women", kw_count_noun},
      keyword{"workers", kw_count_noun},
      keyword{"year", kw_year},
      keyword{"years", kw_years},
      keyword{"yesterday", kw_yesterday},
      keyword{"past", kw_past},
      keyword{"coming", kw_coming},
      keyword{"monday", kw_weekday},
      keyword{"tuesday", kw_weekday},
      keyword{"wednesday", kw_weekday},
      keyword{"thursday", kw_weekday},
      keyword{"friday", kw_weekday},
      keyword{"saturday", kw_weekday},
      keyword{"sunday", kw_weekday},
  };
  std::sort(table.begin(), table.end(), [](const keyword &a, const keyword &b) { return a.word < b.word; });
  return table;
}();

constexpr std::size_t max_keyword = 11; // "seventeenth"

// Keywords by hash: an open-addressed table, built at compile time, of the words packed into
// two integers (byte k of the word in byte k % 8 of the integer k / 8, the rest zero), so that a
// lookup compares two integers.
struct packed_word {
  std::uint64_t lo = 0, hi = 0;
};
constexpr packed_word pack(std::string_view lower) noexcept {
  packed_word p;
  for (std::size_t k = 0; k < lower.size(); ++k)
    (k < 8 ? p.lo : p.hi) |= std::uint64_t{static_cast<unsigned char>(lower[k])} << (8 * (k % 8));
  return p;
}
constexpr std::size_t keyword_slots = 1024;
constexpr std::size_t keyword_hash(packed_word p) noexcept {
  return static_cast<std::size_t>(((p.lo ^ (p.hi << 1)) * 0x9E3779B97F4A7C15ull) >> 54);
}
struct keyword_slot {
  packed_word word;
  int id = -1; // -1: empty
};
constexpr auto keyword_table = [] {
  std::array<keyword_slot, keyword_slots> slots{};
  for (const auto &k : keywords) {
    const packed_word p = pack(k.word);
    std::size_t h = keyword_hash(p);
    while (slots[h].id >= 0)
      h = (h + 1) % keyword_slots;
    slots[h] = {p, k.id};
  }
  return slots;
}();

// A filter in front of the table: bit `last letter` of entry (length, first letter) is set if a
// keyword has that length, first and last letter. Most words fail it.
constexpr auto keyword_shapes = [] {
  std::array<std::uint32_t, (max_keyword + 1) * 26> shapes{};
  for (const auto &k : keywords)
    shapes[k.word.size() * 26 + static_cast<std::size_t>(k.word.front() - 'a')] |= 1u
                                                                                   << (k.word.back() - 'a');
  return shapes;
}();

// The keyword that the word of `len` ASCII letters at `w` is, in any case, or kw_none. `room`:
// bytes readable from w (at least len).
int keyword_of(const char *w, std::size_t len, std::size_t room) noexcept {
  if (len > max_keyword || !(keyword_shapes[len * 26 + static_cast<std::size_t>((w[0] | 0x20) - 'a')] >>
                                 ((w[len - 1] | 0x20) - 'a') &
                             1))
    return kw_none;
  packed_word p;
  if (std::endian::native == std::endian::little && room >= 16) {
    // Two loads, lower-cased (all bytes are letters) and cut to the word.
    std::memcpy(&p.lo, w, 8);
    std::memcpy(&p.hi, w + 8, 8);
    constexpr std::uint64_t lower = 0x2020202020202020ull;
    p.lo |= lower, p.hi |= lower;
    if (len < 8) {
      p.lo &= (std::uint64_t{1} << (8 * len)) - 1, p.hi = 0;
    } else {
      p.hi &= (std::uint64_t{1} << (8 * (len - 8))) - 1;
    }
  } else {
    for (std::size_t k = 0; k < len; ++k)
      (k < 8 ? p.lo : p.hi) |= std::uint64_t{static_cast<unsigned char>(w[k] | 0x20)} << (8 * (k % 8));
  }
  for (std::size_t h = keyword_hash(p);; h = (h + 1) % keyword_slots) {
    const keyword_slot &k = keyword_table[h];
    if (k.id < 0) return kw_none;
    if (k.word.lo == p.lo && k.word.hi == p.hi) return k.id;
  }
}

// Keywords that may start a date at their own token (those step() looks at); the others
// ("the", "in", "barrels") only matter next to one.
constexpr auto starts_date = [] {
  static_assert(kw_number_word < 256);
  std::array<bool, 256> a{};
  for (const int k :
       {kw_from, kw_between, kw_early, kw_mid, kw_late, kw_twenty, kw_yesterday, kw_today, kw_tomorrow,
        kw_weekday, kw_last, kw_next, kw_past, kw_coming, kw_this, kw_a, kw_few, kw_ad})
    a[static_cast<std::size_t>(k)] = true;
  for (int m = 1; m <= 12; ++m) // months; cardinal words ("two years ago")
    a[static_cast<std::size_t>(m)] = a[static_cast<std::size_t>(kw_card + m)] = true;
  for (int n = 1; n <= 20; ++n) // ordinal words ("the nineteenth century")
    a[static_cast<std::size_t>(kw_ord + n)] = true;
  return a;
}();

bool is_month(int id) noexcept {
  return id >= 1 && id <= 12;
}

// ---------------------------------------------------------------------------------------------
// Tokens.

enum class kind : std::uint8_t { word, number, punct, end };

struct token {
  std::size_t b = 0, e = 0;
  kind k = kind::end;
  bool space = true;       // white space (or the start of the text) before it
  bool cap = false;        // a word that starts with an upper-case ASCII letter
  std::uint8_t digits = 0; // a number's digits
  char suffix = 0;         // a number's: 's' ("1990s"), 'o' (an ordinal: "19th")
  int value = 0;           // a number's value (at most 99999), a word's keyword, a punct's code point
};

constexpr char32_t en_dash = 0x2013, em_dash = 0x2014;

bool ascii_alnum(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

using detail::decode_lenient;

bool is_unicode_space(char32_t c) noexcept {
  return c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}
// Non-ASCII characters that end a word: punctuation, quotes, dashes, symbols, currency.
bool is_unicode_punct(char32_t c) noexcept {
  return (c >= 0xA1 && c <= 0xBF && c != 0xAA && c != 0xB5 && c != 0xBA) || c == 0xD7 || c == 0xF7 ||
         (c >= 0x2010 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20CF) || c == 0x2212 ||
         (c >= 0x3000 && c <= 0x303F);
}

enum : std::uint8_t { c_other, c_space, c_letter, c_digit, c_high };
constexpr auto byte_class = [] {
  std::array<std::uint8_t, 256> a{};
  for (unsigned c = 0; c < 256; ++c)
    a[c] = c >= 0x80                                                                     ? c_high
           : (c >= '0' && c <= '9')                                                      ? c_digit
           : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')                                    ? c_letter
           : (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') ? c_space
                                                                                         : c_other;
  return a;
}();

// ---------------------------------------------------------------------------------------------
// Named events. Their names are looked for at the word starts the lexer passes (a byte after
// one that is no ASCII letter or digit), so the text is read once, not once per event.

class event_finder {
public:
  // The events in the order they are marked: built-in ones, then the user's.
  event_finder(std::span<const date_event> first, std::span<const date_event> second) {
    for (const auto &e : first)
      add(e);
    for (const auto &e : second)
      add(e);
    std::stable_sort(by_byte_.begin(), by_byte_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return static_cast<unsigned char>(events_[a]->name[0]) <
             static_cast<unsigned char>(events_[b]->name[0]);
    });
    for (std::size_t k = 0; k < by_byte_.size(); ++k)
      ++starts_[static_cast<unsigned char>(events_[by_byte_[k]]->name[0]) + 1u];
    for (std::size_t c = 0; c < 256; ++c)
      starts_[c + 1] += starts_[c];
  }
  bool empty() const noexcept { return events_.empty(); }
  // Could an event's name start with byte c?
  bool may_start(unsigned char c) const noexcept { return first_[c]; }

  // Records every event whose name is at text[p] and ends on a word boundary; p must start a
  // word (no ASCII letter or digit before it).
  void at(std::string_view text, std::size_t p) {
    const auto c = static_cast<unsigned char>(text[p]);
    if (p + 1 < text.size()) {
      const unsigned pair = c << 8 | static_cast<unsigned char>(text[p + 1]);
      if (!(pairs_[pair >> 6] >> (pair & 63) & 1)) return;
    }
    for (std::uint32_t k = starts_[c]; k < starts_[c + 1u]; ++k) {
      const std::string_view name = events_[by_byte_[k]]->name;
      if (text.substr(p, name.size()) != name) continue;
      const std::size_t end = p + name.size();
      if (end < text.size() && ascii_alnum(static_cast<unsigned char>(text[end]))) continue;
      found_.push_back({by_byte_[k], p});
    }
  }

  // Marks the events found (and those whose names start with no ASCII letter or digit, looked
  // for here) where they overlap no date already in `out` nor an event marked before them.
  void mark(std::string_view text, layer &out);

private:
  void add(const date_event &e) {
    if (e.name.empty()) return;
    const auto k = static_cast<std::uint32_t>(events_.size());
    events_.push_back(&e);
    const auto c = static_cast<unsigned char>(e.name[0]);
    if (!ascii_alnum(c)) { // "“Operation X”": found by text.find in mark()
      others_.push_back(k);
      return;
    }
    first_[c] = true;
    by_byte_.push_back(k);
    if (e.name.size() == 1) {
      for (unsigned d = 0; d < 256; ++d)
        set_pair(c << 8 | d);
    } else {
      set_pair(c << 8 | static_cast<unsigned char>(e.name[1]));
    }
  }
  void set_pair(unsigned pair) { pairs_[pair >> 6] |= std::uint64_t{1} << (pair & 63); }

  struct hit {
    std::uint32_t event;
    std::size_t at;
  };
  std::vector<const date_event *> events_;
  std::vector<std::uint32_t> by_byte_, others_;   // events by first byte; events found by find()
  std::array<std::uint32_t, 257> starts_{};       // by_byte_[starts_[c], starts_[c + 1]): first byte c
  std::array<bool, 256> first_{};                 // a name starts with the byte
  std::array<std::uint64_t, 65536 / 64> pairs_{}; // a name starts with the two bytes
  std::vector<hit> found_;
};

// The end of the run of ASCII letters at s[i], 8 bytes at a time where it can.
std::size_t letters_end(const char *s, std::size_t i, std::size_t n) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
    while (i + 8 <= n) {
      std::uint64_t x;
      std::memcpy(&x, s + i, 8);
      // Per byte: lower-cased, 7 bits, then bit 7 of y + 0x1F says y >= 'a', of y + 5 y > 'z'
      // (no carry crosses a byte); bytes >= 0x80 are no letters.
      const std::uint64_t y = (x | ones * 0x20) & ~high;
      const std::uint64_t letters = (y + ones * 0x1F) & ~(y + ones * 0x05) & ~x & high;
      if (const std::uint64_t others = ~letters & high)
        return i + static_cast<std::size_t>(std::countr_zero(others) / 8);
      i += 8;
    }
  }
  while (i < n && byte_class[static_cast<unsigned char>(s[i])] == c_letter)
    ++i;
  return i;
}

class lexer {
public:
  lexer(std::string_view text, event_finder *events) : t_(text), events_(events) {}
  bool done() const noexcept { return i_ >= t_.size(); }

  // Appends the next token to `out`; returns false at the end of the text.
  bool next(std::vector<token> &out) {
    const char *s = t_.data();
    const std::size_t n = t_.size();
    std::size_t i = i_;
    bool space = false;
    // The common case first: a word of ASCII letters after ASCII white space (or none), ended by
    // white space or ASCII punctuation. Words that are no keywords fold into one token here.
    while (true) {
      std::size_t b = i_;
      while (b < n && byte_class[static_cast<unsigned char>(s[b])] == c_space)
        ++b;
      i = b, space = b > i_;
      if (b >= n || byte_class[static_cast<unsigned char>(s[b])] != c_letter) break;
      const std::size_t e = letters_end(s, b, n);
      if (e < n && byte_class[static_cast<unsigned char>(s[e])] >= c_digit) break; // "C5", "Ōsaka"
      const auto c = static_cast<unsigned char>(s[b]);
      if (events_ && events_->may_start(c)) events_->at(t_, b);
      const int id = keyword_of(s + b, e - b, n - b);
      i_ = e;
      if (id == kw_none && space && !out.empty() && out.back().k == kind::word &&
          out.back().value == kw_none) {
        out.back().e = e;
        continue;
      }
      token &tok = out.emplace_back();
      tok.b = b, tok.e = e, tok.space = space, tok.k = kind::word, tok.value = id;
      tok.cap = c >= 'A' && c <= 'Z';
      return true;
    }
    while (i < n) {
      const auto c = static_cast<unsigned char>(s[i]);
      const auto k = byte_class[c];
      if (k == c_space) {
        ++i;
        space = true;
        continue;
      }
      if (k == c_high) {
        std::size_t len = 0;
        const char32_t cp = decode_lenient(t_, i, len);
        if (is_unicode_space(cp)) {
          i += len;
          space = true;
          continue;
        }
        if (is_unicode_punct(cp)) {
          out.push_back(punct(i, i + len, cp, space));
          i_ = i + len;
          return true;
        }
      }
      break;
    }
    if (i >= n) {
      i_ = i;
      return false;
    }
    const std::size_t b = i;
    const auto c = static_cast<unsigned char>(s[b]);
    if (byte_class[c] == c_other) {
      out.push_back(punct(b, b + 1, c, space));
      i_ = b + 1;
      return true;
    }
    // A run of letters and digits (non-ASCII letters included).
    if (events_ && events_->may_start(c)) events_->at(t_, b);
    bool ascii = true;
    std::size_t ndigits = 0;
    while (i < n) {
      const auto k = byte_class[static_cast<unsigned char>(s[i])];
      if (k == c_letter) {
        ++i;
      } else if (k == c_digit) {
        ++i;
        ++ndigits;
      } else if (k == c_high) {
        std::size_t len = 0;
        const char32_t cp = decode_lenient(t_, i, len);
        if (is_unicode_space(cp) || is_unicode_punct(cp)) break;
        ascii = false;
        i += len;
        // A word start for events: "ŌWorld War II" holds "World War II".
        if (events_ && i < n && events_->may_start(static_cast<unsigned char>(s[i]))) events_->at(t_, i);
      } else {
        break;
      }
    }
    i_ = i;
    const std::string_view w = t_.substr(b, i - b);
    if (!ascii || ndigits == 0) {
      const int id = ascii ? keyword_of(w.data(), w.size(), n - b) : kw_none;
      // Words that are no keyword, one after another, make one token: no rule looks inside.
      if (id == kw_none && space && !out.empty() && out.back().k == kind::word &&
          out.back().value == kw_none) {
        out.back().e = i;
        return true;
      }
      token &tok = out.emplace_back();
      tok.b = b, tok.e = i, tok.space = space, tok.k = kind::word, tok.value = id;
      tok.cap = c >= 'A' && c <= 'Z';
      return true;
    }
    token &tok = out.emplace_back();
    tok.b = b, tok.e = i, tok.space = space, tok.k = kind::word, tok.value = kw_none;
    std::size_t lead = 0;
    while (lead < w.size() && w[lead] <= '9')
      ++lead;
    if (lead != ndigits || lead > 9) return true; // "C5", "5km5"
    const std::string_view rest = w.substr(lead);
    if (!rest.empty() && rest != "s" && rest != "st" && rest != "nd" && rest != "rd" && rest != "th")
      return true; // "5km"
    tok.k = kind::number;
    tok.digits = static_cast<std::uint8_t>(lead);
    int v = 0;
    for (std::size_t k = 0; k < lead; ++k)
      v = std::min(v * 10 + (w[k] - '0'), 99999);
    tok.value = v;
    if (rest == "s") {
      tok.suffix = 's';
    } else if (!rest.empty()) {
      tok.suffix = 'o';
    } else {
      // "1990's" and "1990’s" are decades.
      const auto tail = t_.substr(i);
      const std::size_t q = tail.starts_with('\'') ? 1 : tail.starts_with("\xE2\x80\x99") ? 3 : 0;
      if (q && v % 10 == 0 && tail.size() > q && tail[q] == 's' &&
          (tail.size() == q + 1 || !ascii_alnum(static_cast<unsigned char>(tail[q + 1])))) {
        tok.suffix = 's';
        i_ = i + q + 1;
        tok.e = i_;
        if (events_ && events_->may_start('s')) events_->at(t_, i + q); // a word start the lexer skips
      }
    }
    return true;
  }

private:
  static token punct(std::size_t b, std::size_t e, char32_t cp, bool space) {
    token t;
    t.b = b;
    t.e = e;
    t.k = kind::punct;
    t.space = space;
    t.value = static_cast<int>(cp);
    return t;
  }
  std::string_view t_;
  std::size_t i_ = 0;
  event_finder *events_;
};

// ---------------------------------------------------------------------------------------------
// Dates and their ISO forms.

int days_in_month(int y, int m) noexcept {
  static constexpr std::array<int, 12> d{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[static_cast<std::size_t>(m - 1)];
}

// Days since 1970-01-01 and back (proleptic Gregorian).
long days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
civil_date civil_from_days(long z) noexcept {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

// A point in time at some precision. year 0 with month and day: a day of no known year.
struct when {
  int y = 0, m = 0, d = 0;
  bool has_year = true;
};

std::string iso_year(int y) {
  char buf[16];
  if (y < 0)
    std::snprintf(buf, sizeof buf, "-%04d", -y);
  else
    std::snprintf(buf, sizeof buf, "%04d", y);
  return buf;
}

std::string iso(const when &w) {
  char buf[32];
  if (!w.has_year) {
    std::snprintf(buf, sizeof buf, "--%02d-%02d", w.m, w.d);
    return buf;
  }
  std::string s = iso_year(w.y);
  if (w.m) {
    std::snprintf(buf, sizeof buf, "-%02d", w.m);
    s += buf;
    if (w.d) {
      std::snprintf(buf, sizeof buf, "-%02d", w.d);
      s += buf;
    }
  }
  return s;
}

// Confidence by rule (docs/annotators.md).
constexpr double conf_full = 0.95, conf_slash = 0.9, conf_month_year = 0.9, conf_day_month = 0.75,
                 conf_year = 0.9, conf_bare_year = 0.6, conf_range = 0.9, conf_decade = 0.9,
                 conf_century = 0.9, conf_relative = 0.8, conf_relative_weak = 0.5;

struct point {
  when w;
  std::size_t end = 0; // token index after the point
  double conf = 0;
  bool year_only = false;
  bool bare = false; // a year with nothing around it that says it is one
};

// ---------------------------------------------------------------------------------------------

class scanner {
public:
  scanner(std::string_view text, const date_options &o, layer &out, event_finder *events)
      : t_(text), lex_(text, events), o_(o), out_(out) {}

  void run() {
    toks_.reserve(capacity);
    std::size_t i = 0;
    while (true) {
      if (toks_.size() - i < lookahead && !lex_.done()) {
        // Keep `lookback` tokens before i, drop the rest, and refill.
        const std::size_t keep_from = i > lookback ? i - lookback : 0;
        toks_.erase(toks_.begin(), toks_.begin() + static_cast<std::ptrdiff_t>(keep_from));
        i -= keep_from;
        while (toks_.size() < capacity && lex_.next(toks_)) {
        }
      }
      if (i >= toks_.size()) break;
      i = step(i);
    }
  }

private:
  static constexpr std::size_t capacity = 4096, lookahead = 32, lookback = 8;

  static constexpr token end_token{};
  const token &at(std::size_t i) const noexcept { return i < toks_.size() ? toks_[i] : end_token; }
  const token &before(std::size_t i, std::size_t k = 1) const noexcept {
    return i >= k ? toks_[i - k] : end_token;
  }
  bool is_word(std::size_t i, int id) const noexcept {
    const auto &t = at(i);
    return t.k == kind::word && t.value == id;
  }
  bool is_punct(std::size_t i, char32_t c) const noexcept {
    const auto &t = at(i);
    return t.k == kind::punct && t.value == static_cast<int>(c);
  }
  // Punctuation `c` at i, touching the tokens on both sides.
  bool is_tight(std::size_t i, char32_t c) const noexcept {
    return is_punct(i, c) && !at(i).space && at(i + 1).k != kind::end && !at(i + 1).space;
  }
  bool is_plain_number(std::size_t i, int max_digits) const noexcept {
    const auto &t = at(i);
    return t.k == kind::number && t.suffix == 0 && t.digits <= max_digits;
  }
  bool is_dash(std::size_t i) const noexcept { return is_punct(i, en_dash) || is_punct(i, em_dash); }

  // Is the number at i the end of a larger number or an amount ("2,003", "3.2003", "$2003",
  // "F-2003")?
  bool number_before(std::size_t i) const noexcept {
    const auto &t = at(i);
    const auto &p = before(i);
    if (t.space) return false;
    if (p.k == kind::number) return true;
    if (p.k != kind::punct) return false;
    const int c = p.value;
    if (c == '$' || c == '#' || c == 0xA3 || c == 0xA5 || (c >= 0x20A0 && c <= 0x20CF) || c == '+')
      return true;
    if (p.space) return false;
    const auto &pp = before(i, 2);
    if ((c == ',' || c == '.' || c == ':' || c == '/') && pp.k == kind::number) return true;
    // "F-2003", but not "mid-1990s"
    return c == '-' && pp.k == kind::word && pp.value != kw_mid && pp.value != kw_early &&
           pp.value != kw_late;
  }
  // Does a larger number or an amount go on after the number at i ("2003,5", "2003%", "20:03")?
  bool number_after(std::size_t i) const noexcept {
    const auto &n = at(i + 1);
    if (n.space || n.k != kind::punct) return false;
    const int c = n.value;
    if (c == '%') return true;
    return (c == ',' || c == '.' || c == ':' || c == '/') && at(i + 2).k == kind::number && !at(i + 2).space;
  }
  bool in_bigger_number(std::size_t i) const noexcept { return number_before(i) || number_after(i); }

  // Does a word after the year at i say it counts things ("2003 barrels", "2003 per cent")?
  bool counts_after(std::size_t i) const noexcept {
    const auto &n = at(i);
    if (n.k != kind::word || n.cap) return false;
    return n.value == kw_count_noun || n.value == kw_per || n.value == kw_percent || n.value == kw_years ||
           n.value == kw_days || n.value == kw_months || n.value == kw_weeks;
  }
  // Is there a word just before i that says a year follows ("in", "since", "summer", "c.")?
  bool year_context(std::size_t i) const noexcept {
    const auto &p = before(i);
    if (p.k == kind::punct && p.value == '.' && !p.space) {
      const auto &pp = before(i, 2);
      return pp.k == kind::word && (pp.value == kw_c || pp.value == kw_ca);
    }
    if (p.k != kind::word) return false;
    switch (p.value) {
    case kw_in:
    case kw_since:
    case kw_from:
    case kw_to:
    case kw_until:
    case kw_till:
    case kw_through:
    case kw_by:
    case kw_of:
    case kw_during:
    case kw_before:
    case kw_after:
    case kw_around:
    case kw_circa:
    case kw_early:
    case kw_mid:
    case kw_late:
    case kw_season:
    case kw_year:
    case kw_years:
      return true;
    default:
      return false;
    }
  }
  bool after_number_word(std::size_t i) const noexcept {
    const auto &p = before(i);
    if (p.k == kind::word) return p.value == kw_number_word;
    return p.k == kind::punct && p.value == '.' && before(i, 2).k == kind::word &&
           before(i, 2).value == kw_number_word;
  }

  // A day of the month at i: "12", "12th".
  bool day_at(std::size_t i, int &d) const noexcept {
    const auto &t = at(i);
    if (t.k != kind::number || t.digits > 2 || (t.suffix != 0 && t.suffix != 'o')) return false;
    if (t.value < 1 || t.value > 31 || in_bigger_number(i)) return false;
    d = t.value;
    return true;
  }
  // A capitalized month at i, with its abbreviation's period; returns the index after it.
  std::size_t month_at(std::size_t i, int &m) const noexcept {
    const auto &t = at(i);
    if (t.k != kind::word || !t.cap || !is_month(t.value)) return 0;
    m = t.value;
    const std::size_t len = t.e - t.b; // abbreviations take a period: "Jan.", "Sept."
    if (((len == 3 && m != 5) || (len == 4 && m == 9)) && is_punct(i + 1, '.') && !at(i + 1).space)
      return i + 2;
    return i + 1;
  }
  // A four-digit year at i for a full date.
  bool full_year_at(std::size_t i, int &y) const noexcept {
    if (!is_plain_number(i, 4) || at(i).digits != 4 || in_bigger_number(i)) return false;
    y = at(i).value;
    return y >= 1;
  }
  std::size_t skip_comma(std::size_t i) const noexcept { return is_punct(i, ',') ? i + 1 : i; }

  // The date that starts at token i, if any. `context`: a word before it says a year follows.
  bool point_at(std::size_t i, bool context, point &p) const {
    const auto &t = at(i);
    int y = 0, m = 0, d = 0;
    if (t.k == kind::number && t.suffix == 0) {
      // 2002-03-12, 2002-03-12T10:00 (the time is left out)
      if (t.digits == 4 && is_tight(i + 1, '-') && is_plain_number(i + 2, 2) && at(i + 2).digits == 2 &&
          is_tight(i + 3, '-') && at(i + 4).k == kind::word && at(i + 4).e - at(i + 4).b >= 3 &&
          t_[at(i + 4).b] >= '0' && t_[at(i + 4).b] <= '9' && t_[at(i + 4).b + 1] >= '0' &&
          t_[at(i + 4).b + 1] <= '9' && t_[at(i + 4).b + 2] == 'T' && !number_before(i)) {
        y = t.value, m = at(i + 2).value, d = (t_[at(i + 4).b] - '0') * 10 + (t_[at(i + 4).b + 1] - '0');
        if (m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m)) {
          // The span ends after the day: the time is not part of the TEI date value here.
          p = {{y, m, d}, i + 5, conf_full};
          time_end_ = at(i + 4).b + 2;
          return true;
        }
        reject_end_ = i + 5;
        return false;
      }
      if (t.digits == 4 && is_tight(i + 1, '-') && is_plain_number(i + 2, 2) && at(i + 2).digits == 2 &&
          is_tight(i + 3, '-') && is_plain_number(i + 4, 2) && at(i + 4).digits == 2 && !number_before(i) &&
          !number_after(i + 4) && !(is_punct(i + 5, '-') && !at(i + 5).space)) {
        y = t.value, m = at(i + 2).value, d = at(i + 4).value;
        if (m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m)) {
          p = {{y, m, d}, i + 5, conf_full};
          return true;
        }
        reject_end_ = i + 5;
        return false;
      }
      // 12/03/2002, only if the order is clear.
      if (t.digits <= 2 && is_tight(i + 1, '/') && is_plain_number(i + 2, 2) && is_tight(i + 3, '/') &&
          is_plain_number(i + 4, 4) && at(i + 4).digits == 4 && !number_before(i) && !number_after(i + 4) &&
          !(is_punct(i + 5, '/') && !at(i + 5).space) && !(at(i + 5).k == kind::number && !at(i + 5).space)) {
        const int a = t.value, b = at(i + 2).value;
        y = at(i + 4).value;
        if (a == b && a <= 12)
          m = d = a;
        else if (a > 12 && b <= 12)
          d = a, m = b;
        else if (b > 12 && a <= 12)
          m = a, d = b;
        if (m >= 1 && d >= 1 && d <= days_in_month(y, m)) {
          p = {{y, m, d}, i + 5, conf_slash};
          return true;
        }
        reject_end_ = i + 5;
        return false;
      }
    }
    // 12 March 2002, 12th of March, 2002, 12 March
    if (day_at(i, d)) {
      std::size_t j = i + 1;
      if (is_word(j, kw_of)) ++j;
      if (const std::size_t k = month_at(j, m)) {
        const std::size_t ky = skip_comma(k);
        if (full_year_at(ky, y) && !counts_after(ky + 1)) {
          if (d > days_in_month(y, m)) {
            reject_end_ = ky + 1;
            return false;
          }
          p = {{y, m, d}, ky + 1, conf_full};
          return true;
        }
        if (d > days_in_month(2000, m)) return false;
        p = {{0, m, d, false}, k, conf_day_month};
        return true;
      }
    }
    // March 12, 2002; March 12; March 2002; March of 2002
    if (const std::size_t k = month_at(i, m)) {
      if (day_at(k, d) && !(is_punct(k + 1, ':') && !at(k + 1).space)) {
        const std::size_t ky = skip_comma(k + 1);
        if (full_year_at(ky, y) && !counts_after(ky + 1)) {
          if (d > days_in_month(y, m)) {
            reject_end_ = ky + 1;
            return false;
          }
          p = {{y, m, d}, ky + 1, conf_full};
          return true;
        }
        if (d > days_in_month(2000, m) || counts_after(k + 1)) return false;
        p = {{0, m, d, false}, k + 1, conf_day_month};
        return true;
      }
      std::size_t ky = skip_comma(k);
      if (is_word(ky, kw_of)) ++ky;
      if (full_year_at(ky, y) && !counts_after(ky + 1)) {
        p = {{y, m, 0}, ky + 1, conf_month_year};
        return true;
      }
      return false;
    }
    // AD 800
    if (t.k == kind::word && t.value == kw_ad && t.cap && is_plain_number(i + 1, 4) &&
        !in_bigger_number(i + 1) && at(i + 1).value >= 1) {
      p = {{at(i + 1).value, 0, 0}, i + 2, conf_year, true};
      return true;
    }
    // A year: 1991, 800 BC, 800 AD
    if (t.k == kind::number && t.suffix == 0 && t.value >= 1 && !in_bigger_number(i)) {
      y = t.value;
      // Eras: "800 BC", "800 B.C.", "800 AD".
      const std::size_t n = i + 1;
      if (at(n).k == kind::word && at(n).cap && (at(n).value == kw_bc || at(n).value == kw_ad) &&
          t.digits <= 4) {
        const bool bc = at(n).value == kw_bc;
        p = {{bc ? -y : y, 0, 0}, n + 1, conf_year, true};
        return true;
      }
      if (at(n).k == kind::word && at(n).e - at(n).b == 1 && (t_[at(n).b] == 'B' || t_[at(n).b] == 'A') &&
          is_tight(n + 1, '.') && at(n + 2).k == kind::word && at(n + 2).e - at(n + 2).b == 1 &&
          (t_[at(n + 2).b] == 'C' || t_[at(n + 2).b] == 'D') && is_punct(n + 3, '.') && !at(n + 3).space) {
        const bool bc = t_[at(n).b] == 'B';
        p = {{bc ? -y : y, 0, 0}, n + 4, conf_year, true};
        return true;
      }
      if (t.digits != 4 || counts_after(i + 1)) return false;
      if (context) {
        p = {{y, 0, 0}, i + 1, conf_year, true};
        return true;
      }
      if (y < o_.min_year || y > o_.max_year || after_number_word(i)) return false;
      if (is_punct(i - 1, '-') && !t.space && before(i, 2).k == kind::number) return false; // "555-2003"
      p = {{y, 0, 0}, i + 1, conf_bare_year, true, true};
      return true;
    }
    return false;
  }

  // A range after point `a` (which started at token `first`): "to 2008", "–2001", "-92".
  bool range_after(const point &a, point &b, bool with_and) const {
    const std::size_t saved = time_end_;
    const bool found = range_after_impl(a, b, with_and);
    time_end_ = found ? 0 : saved;
    return found;
  }
  bool range_after_impl(const point &a, point &b, bool with_and) const {
    const std::size_t c = a.end;
    std::size_t n = 0;
    bool dash = false;
    if (with_and) {
      if (!is_word(c, kw_and)) return false;
      n = c + 1;
    } else if (is_word(c, kw_to) || is_word(c, kw_until) || is_word(c, kw_till) || is_word(c, kw_through)) {
      n = c + 1;
    } else if (is_dash(c) || (is_punct(c, '-') && at(c).space == at(c + 1).space)) {
      n = c + 1;
      dash = true;
    } else {
      return false;
    }
    // 1991–92
    if (dash && a.year_only && a.w.y >= 100 && is_plain_number(n, 2) && at(n).digits == 2 && !at(n).space &&
        !in_bigger_number(n) && (at(n + 1).space || at(n + 1).k != kind::word)) {
      const int y = a.w.y / 100 * 100 + at(n).value;
      if (y <= a.w.y) return false;
      b = {{y, 0, 0}, n + 1, conf_year, true};
      return true;
    }
    if (!point_at(n, true, b) || !b.w.has_year || !a.w.has_year) return false;
    // An ordered pair at the same or a finer precision.
    const auto key = [](const when &w) { return (static_cast<long>(w.y) * 13 + w.m) * 32 + w.d; };
    if (a.year_only && !b.year_only) return false;
    return key(b.w) > key(a.w);
  }

  void emit(std::size_t first, std::size_t last, std::initializer_list<attribute> attrs, double conf) {
    const std::size_t b = at(first).b, e = toks_[last - 1].e;
    out_.add(b, e, "date", std::span<const attribute>(attrs.begin(), attrs.size()),
             provenance{dates_annotator, version, conf});
  }
  void emit_point(std::size_t first, const point &p) {
    if (time_end_) { // 2002-03-12T10:00: the date, without the time
      const attribute a[] = {{"when", iso(p.w)}};
      out_.add(at(first).b, time_end_, "date", a, provenance{dates_annotator, version, p.conf});
      return;
    }
    emit(first, p.end, {{"when", iso(p.w)}}, p.conf);
  }
  void emit_range(std::size_t first, const point &a, const point &b) {
    emit(first, b.end, {{"from", iso(a.w)}, {"to", iso(b.w)}}, conf_range);
  }

  // early/mid/late: which part of a span of `len` years starting at `y0`.
  static void part_of(int modifier, int y0, int len, int &lo, int &hi) {
    lo = y0, hi = y0 + len - 1;
    // A decade's early, mid and late years are 0-3, 4-6 and 7-9 (the project's gold guidelines).
    if (modifier == kw_early) {
      hi = y0 + (len == 10 ? 3 : len / 3);
    } else if (modifier == kw_mid) {
      lo = y0 + (len == 10 ? 4 : len / 3);
      hi = y0 + (len == 10 ? 6 : 2 * len / 3);
    } else if (modifier == kw_late) {
      lo = y0 + (len == 10 ? 7 : 2 * len / 3);
    }
  }

  // An ordinal at i ("19th", "nineteenth", "twenty-first"): its value and the index after it.
  std::size_t ordinal_at(std::size_t i, int &n) const noexcept {
    const auto &t = at(i);
    if (t.k == kind::number && t.suffix == 'o' && t.value >= 1 && t.value <= 99) {
      n = t.value;
      return i + 1;
    }
    if (t.k != kind::word) return 0;
    if (t.value > kw_ord && t.value <= kw_ord + 20) {
      n = t.value - kw_ord;
      return i + 1;
    }
    if (t.value == kw_twenty && is_tight(i + 1, '-') && at(i + 2).k == kind::word &&
        at(i + 2).value > kw_ord && at(i + 2).value < kw_ord + 10) {
      n = 20 + at(i + 2).value - kw_ord;
      return i + 3;
    }
    return 0;
  }

  // Decades and centuries at i, with an optional early/mid/late: "mid-1990s", "19th century".
  std::size_t period_at(std::size_t i) {
    std::size_t j = i;
    int modifier = 0;
    if (at(j).k == kind::word &&
        (at(j).value == kw_early || at(j).value == kw_mid || at(j).value == kw_late)) {
      modifier = at(j).value;
      ++j;
      if (is_tight(j, '-')) ++j;
    }
    const auto &t = at(j);
    int lo = 0, hi = 0;
    if (t.k == kind::number && t.suffix == 's' && t.digits == 4 && t.value % 10 == 0 &&
        !in_bigger_number(j)) {
      // "the 1800s" is a century; "the 2000s" and "the 1990s" are decades.
      const bool century = t.value % 100 == 0 && t.value < 2000;
      part_of(modifier, t.value, century ? 100 : 10, lo, hi);
      emit(i, j + 1, {{"notBefore", iso_year(lo)}, {"notAfter", iso_year(hi)}}, conf_decade);
      return j + 1;
    }
    int n = 0;
    if (std::size_t k = ordinal_at(j, n)) {
      if (is_tight(k, '-')) ++k;
      if (is_word(k, kw_century)) {
        std::size_t end = k + 1;
        part_of(modifier, 0, 100, lo, hi); // offsets into the century, 0..99
        if (at(end).k == kind::word && at(end).value == kw_bc && at(end).cap) {
          // The 5th century BC: 500 to 401 BC, as XSD years (no year zero): -0500 to -0401.
          ++end;
          lo = -(n * 100 - lo), hi = -(n * 100 - hi);
        } else {
          lo = std::max((n - 1) * 100 + lo, 1), hi = (n - 1) * 100 + hi;
        }
        emit(i, end, {{"notBefore", iso_year(lo)}, {"notAfter", iso_year(hi)}}, conf_century);
        return end;
      }
      // "the 17th and 18th centuries", "the 17th to the 19th century"
      if ((is_word(k, kw_and) || is_word(k, kw_to) || is_dash(k)) && !modifier) {
        std::size_t k2 = k + 1;
        if (is_word(k2, kw_the)) ++k2;
        int n2 = 0;
        if (std::size_t e = ordinal_at(k2, n2); e && n2 > n) {
          if (is_tight(e, '-')) ++e;
          if (is_word(e, kw_centuries) || is_word(e, kw_century)) {
            emit(i, e + 1,
                 {{"notBefore", iso_year(std::max((n - 1) * 100, 1))}, {"notAfter", iso_year(n2 * 100 - 1)}},
                 conf_century);
            return e + 1;
          }
        }
      }
    }
    // early 2002, mid-2002, late 1999: the first, middle or last third of the year, in months.
    if (modifier && t.k == kind::number && t.suffix == 0 && t.digits == 4 && !in_bigger_number(j) &&
        !counts_after(j + 1)) {
      const int y = t.value;
      const int m0 = modifier == kw_early ? 1 : modifier == kw_mid ? 5 : 9;
      emit(i, j + 1, {{"notBefore", iso({y, m0, 0})}, {"notAfter", iso({y, m0 + 3, 0})}}, conf_year);
      return j + 1;
    }
    return 0;
  }

  // A relative expression from token i to `end`, normalised to `w` if the document's date
  // allowed it.
  std::size_t emit_relative(std::size_t i, std::size_t end, std::optional<when> w, double conf) {
    if (w)
      emit(i, end, {{"type", "relative"}, {"when", iso(*w)}}, conf);
    else
      emit(i, end, {{"type", "relative"}}, conf);
    return end;
  }
  // The document's date moved by days, months or years, as far as its precision allows.
  std::optional<when> shifted_days(long delta) const {
    const auto &dd = o_.document_date;
    if (!dd || !dd->day) return std::nullopt;
    const auto c = civil_from_days(days_from_civil(dd->year, dd->month, dd->day) + delta);
    return when{c.year, c.month, c.day};
  }
  std::optional<when> shifted_months(int delta) const {
    const auto &dd = o_.document_date;
    if (!dd || !dd->month) return std::nullopt;
    const int k = dd->year * 12 + (dd->month - 1) + delta;
    return when{k / 12, k % 12 + 1, 0};
  }
  std::optional<when> shifted_years(int delta) const {
    if (!o_.document_date) return std::nullopt;
    return when{o_.document_date->year + delta, 0, 0};
  }

  // Relative expressions at i: "yesterday", "last year", "two years ago", "a few days ago".
  std::size_t relative_at(std::size_t i) {
    const auto &t = at(i);
    if (t.k != kind::word) return 0;
    const std::optional<civil_date> &dd = o_.document_date;
    auto emit_rel = [&](std::size_t end, std::optional<when> w, double conf) {
      return emit_relative(i, end, w, conf);
    };
    auto day_offset = [&](long delta) { return shifted_days(delta); };
    auto month_offset = [&](int delta) { return shifted_months(delta); };
    auto year_offset = [&](int delta) { return shifted_years(delta); };
    switch (t.value) {
    case kw_yesterday:
      return emit_rel(i + 1, day_offset(-1), conf_relative);
    case kw_tomorrow:
      return emit_rel(i + 1, day_offset(1), conf_relative);
    case kw_today:
      // "today" is as often "nowadays" as it is the day.
      return emit_rel(i + 1, day_offset(0), conf_relative_weak);
    case kw_weekday: // "on Tuesday": a day of the week around the document's date
      if (!t.cap) return 0;
      return emit_rel(i + 1, std::nullopt, conf_relative);
    case kw_last:
    case kw_next:
    case kw_past:
    case kw_coming:
    case kw_this: {
      const int sign = t.value == kw_last || t.value == kw_past ? -1 : t.value == kw_this ? 0 : 1;
      const auto &u = at(i + 1);
      if (u.k != kind::word || u.space == false) return 0;
      // "the past three decades", "the last few years", "the coming years": a span of time
      // back from (or on from) the document's date.
      std::size_t j = i + 1;
      if (at(j).value == kw_few || (at(j).value > kw_card && at(j).value <= kw_card + 12)) ++j;
      const int unit = at(j).k == kind::word ? at(j).value : 0;
      if (unit == kw_years || unit == kw_decades || unit == kw_months || unit == kw_weeks ||
          unit == kw_days || unit == kw_centuries)
        return emit_rel(j + 1, std::nullopt, conf_relative);
      if (t.value == kw_past || t.value == kw_coming) return 0;
      switch (u.value) {
      case kw_year:
        return emit_rel(i + 2, year_offset(sign), conf_relative);
      case kw_month:
        return emit_rel(i + 2, month_offset(sign), conf_relative);
      case kw_week:
      case kw_weekend:
      case kw_season:
        return emit_rel(i + 2, std::nullopt, conf_relative);
      case kw_night:
        if (sign != -1) return 0;
        return emit_rel(i + 2, day_offset(-1), conf_relative);
      default:
        return 0;
      }
    }
    default:
      break;
    }
    // "March of last year", "May of next year"
    if (is_month(t.value) && t.cap && is_word(i + 1, kw_of) &&
        (is_word(i + 2, kw_last) || is_word(i + 2, kw_next) || is_word(i + 2, kw_this)) &&
        is_word(i + 3, kw_year)) {
      const int delta = is_word(i + 2, kw_last) ? -1 : is_word(i + 2, kw_next) ? 1 : 0;
      std::optional<when> w;
      if (dd) w = when{dd->year + delta, t.value, 0};
      return emit_rel(i + 4, w, conf_relative);
    }
    // N units ago / earlier / later
    int n = -1; // -1: a count we cannot tell ("a few")
    std::size_t j = i;
    if (t.value == kw_a) {
      ++j;
      n = 1;
      if (is_word(j, kw_few)) ++j, n = -1;
    } else if (t.value > kw_card && t.value <= kw_card + 12) {
      if (is_punct(i - 1, '-') && !t.space) return 0; // "thirty-five decades ago": not "five"
      n = t.value - kw_card;
      ++j;
    } else if (t.value == kw_few) {
      ++j;
    } else {
      return 0;
    }
    return units_ago(i, j, n, emit_rel, day_offset, month_offset, year_offset);
  }

  template <class Emit, class D, class M, class Y>
  std::size_t units_ago(std::size_t i, std::size_t j, int n, Emit &emit_rel, D &day_offset, M &month_offset,
                        Y &year_offset) {
    const auto &u = at(j);
    if (u.k != kind::word) return 0;
    const int unit = u.value;
    const bool plural =
        unit == kw_years || unit == kw_months || unit == kw_weeks || unit == kw_days || unit == kw_decades;
    const bool singular =
        unit == kw_year || unit == kw_month || unit == kw_week || unit == kw_day || unit == kw_decade;
    if (!plural && !singular) return 0;
    if (n == 1 && !singular) return 0;
    if (n != 1 && n != -1 && !plural) return 0;
    if (is_word(j + 1, kw_earlier) || is_word(j + 1, kw_later) ||
        is_word(j + 1, kw_before)) // relative to the story, not the document
      return emit_rel(j + 2, std::nullopt, conf_relative_weak);
    if (!is_word(j + 1, kw_ago)) return 0;
    std::optional<when> w;
    if (n > 0) {
      if (unit == kw_year || unit == kw_years)
        w = year_offset(-n);
      else if (unit == kw_month || unit == kw_months)
        w = month_offset(-n);
      else if (unit == kw_week || unit == kw_weeks)
        w = day_offset(-7L * n);
      else if (unit == kw_day || unit == kw_days)
        w = day_offset(-n);
    }
    (void)i;
    return emit_rel(j + 2, w, conf_relative);
  }

  std::size_t relative_number_at(std::size_t i) {
    // "3 years ago": a plain small number.
    const auto &t = at(i);
    if (t.k != kind::number || t.suffix != 0 || t.digits > 3 || in_bigger_number(i) || t.value < 1) return 0;
    auto emit_rel = [&](std::size_t end, std::optional<when> w, double conf) {
      return emit_relative(i, end, w, conf);
    };
    auto day_offset = [&](long delta) { return shifted_days(delta); };
    auto month_offset = [&](int delta) { return shifted_months(delta); };
    auto year_offset = [&](int delta) { return shifted_years(delta); };
    return units_ago(i, i + 1, t.value, emit_rel, day_offset, month_offset, year_offset);
  }

  // One step at token i: annotate what starts there, return the next token to look at.
  std::size_t step(std::size_t i) {
    reject_end_ = time_end_ = 0;
    const auto &t = at(i);
    if (t.k == kind::punct) return i + 1;
    point a, b;
    if (t.k == kind::word) {
      if (!starts_date[static_cast<std::size_t>(t.value)]) return i + 1; // most words
      if (t.value == kw_from && point_at(i + 1, true, a)) {
        if (a.w.has_year && range_after(a, b, false)) {
          emit_range(i, a, b);
          return b.end;
        }
        emit_point(i + 1, a);
        return a.end;
      }
      if (t.value == kw_between && point_at(i + 1, true, a) && a.w.has_year && range_after(a, b, true)) {
        emit_range(i, a, b);
        return b.end;
      }
      if (std::size_t e = period_at(i)) return e;
      if (o_.relative)
        if (std::size_t e = relative_at(i)) return e;
      if (t.value == kw_the) return i + 1;
    }
    if (t.k == kind::number) {
      if (std::size_t e = period_at(i)) return e;
      if (o_.relative)
        if (std::size_t e = relative_number_at(i)) return e;
    }
    if (point_at(i, year_context(i), a)) {
      if (a.w.has_year && range_after(a, b, false)) {
        emit_range(i, a, b);
        return b.end;
      }
      if (a.bare && !o_.bare_years) return a.end;
      emit_point(i, a);
      return a.end;
    }
    return std::max(i + 1, reject_end_);
  }

  std::string_view t_;
  mutable std::size_t reject_end_ = 0; // end of a date-like sequence that is no date (30 February)
  mutable std::size_t time_end_ = 0;   // byte end of a date followed by a time (2002-03-12T10:00)
  lexer lex_;
  const date_options &o_;
  layer &out_;
  std::vector<token> toks_;
};

} // namespace

namespace {

constexpr double conf_event = 0.85;

// Is [at, end) free of the intervals [first, second) of `taken`, sorted and disjoint? The last
// interval that starts before `end` is the one that ends last among them.
bool free_of(const std::vector<std::pair<std::size_t, std::size_t>> &taken, std::size_t at, std::size_t end) {
  const auto it = std::lower_bound(taken.begin(), taken.end(), end,
                                   [](const auto &t, std::size_t e) { return t.first < e; });
  return it == taken.begin() || std::prev(it)->second <= at;
}
bool free_of(const std::map<std::size_t, std::size_t> &taken, std::size_t at, std::size_t end) {
  const auto it = taken.lower_bound(end);
  return it == taken.begin() || std::prev(it)->second <= at;
}

void event_finder::mark(std::string_view text, layer &out) {
  for (const std::uint32_t k : others_) {
    const std::string_view name = events_[k]->name;
    for (auto at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
      const std::size_t end = at + name.size();
      if ((at == 0 || !ascii_alnum(static_cast<unsigned char>(text[at - 1]))) &&
          (end >= text.size() || !ascii_alnum(static_cast<unsigned char>(text[end]))))
        found_.push_back({k, at});
    }
  }
  // In the order of the events, then of the text, each overlapping no date (the scanner's dates
  // are in order and disjoint; sorted and merged if they were not) and no event marked before.
  std::sort(found_.begin(), found_.end(),
            [](const hit &a, const hit &b) { return a.event != b.event ? a.event < b.event : a.at < b.at; });
  std::vector<std::pair<std::size_t, std::size_t>> dates;
  dates.reserve(out.size());
  bool ordered = true;
  for (std::size_t i = 0; i < out.size(); ++i) {
    ordered = ordered && (dates.empty() || dates.back().second <= out.begin(i));
    dates.emplace_back(out.begin(i), out.end(i));
  }
  if (!ordered) {
    std::sort(dates.begin(), dates.end());
    std::size_t w = 0;
    for (std::size_t r = 1; r < dates.size(); ++r)
      if (dates[r].first < dates[w].second)
        dates[w].second = std::max(dates[w].second, dates[r].second);
      else
        dates[++w] = dates[r];
    if (!dates.empty()) dates.resize(w + 1);
  }
  std::map<std::size_t, std::size_t> marked;
  attribute_view attrs[3];
  for (const hit &h : found_) {
    const date_event &e = *events_[h.event];
    const std::size_t end = h.at + e.name.size();
    if (!free_of(dates, h.at, end) || !free_of(marked, h.at, end)) continue;
    marked.emplace(h.at, end);
    std::size_t n = 0;
    if (!e.when.empty()) attrs[n++] = {"when", e.when};
    if (!e.from.empty()) attrs[n++] = {"from", e.from};
    if (!e.to.empty()) attrs[n++] = {"to", e.to};
    out.add_views(h.at, end, "date", std::span<const attribute_view>(attrs, n),
                  provenance{dates_annotator, version, conf_event});
  }
}

// Facts of modern history whose dates are not in dispute (the day a war began and ended is,
// so wars are given in years).
const date_event builtin_events[] = {
    {"World War I", "", "1914", "1918"},
    {"First World War", "", "1914", "1918"},
    {"World War II", "", "1939", "1945"},
    {"Second World War", "", "1939", "1945"},
    {"Great Depression", "", "1929", "1939"},
    {"Cold War", "", "1947", "1991"},
    {"Korean War", "", "1950", "1953"},
    {"Vietnam War", "", "1955", "1975"},
    {"October Revolution", "1917-11-07", "", ""},
    {"Russian Revolution", "1917", "", ""},
    {"French Revolution", "", "1789", "1799"},
    {"American Civil War", "", "1861", "1865"},
    {"Crimean War", "", "1853", "1856"},
    {"Great Game", "", "1830", "1895"},
    {"Gulf War", "", "1990", "1991"},
    {"Iraq War", "", "2003", "2011"},
    {"fall of the Berlin Wall", "1989-11-09", "", ""},
    {"dissolution of the Soviet Union", "1991-12-26", "", ""},
    {"collapse of the Soviet Union", "1991", "", ""},
    {"September 11 attacks", "2001-09-11", "", ""},
    {"Velvet Revolution", "1989", "", ""},
    {"Orange Revolution", "", "2004", "2005"},
};

} // namespace

std::span<const date_event> builtin_date_events() noexcept {
  return builtin_events;
}

layer dates(std::string_view text, const date_options &options) {
  layer out{std::string(dates_layer_name)};
  event_finder events(options.builtin_events ? builtin_date_events() : std::span<const date_event>{},
                      options.events);
  scanner(text, options, out, events.empty() ? nullptr : &events).run();
  if (!events.empty()) events.mark(text, out);
  return out;
}

layer dates(const document &doc, const date_options &options) {
  return dates(std::string_view(doc.text()), options);
}

} // namespace alinea::annotate
