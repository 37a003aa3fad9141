// SPDX-License-Identifier: MIT
// Rules for names that no gazetteer holds. Each block is cut into words; runs of capitalised
// words (with "of", "for", "the", "de", ... between them) are the candidates; the gazetteer's
// matches cut the runs into segments, and each segment is typed by its own words and the words
// around it. A second pass gives every other occurrence of a found name its type.
#include <alinea/detail/utf8.hpp>
#include <alinea/name_rules.hpp>
#include <alinea/sentences.hpp>
#include <alinea/version.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace alinea::annotate {
namespace {

using words_t = std::initializer_list<std::string_view>;

bool one_of(std::string_view w, words_t set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}
constexpr std::string_view org_heads[]{
    "University", "College",      "Institute",    "Institution", "Centre",      "Center",   "Department",
    "Ministry",   "Organization", "Organisation", "Agency",      "Association", "Council",  "Committee",
    "Commission", "Bank",         "Company",      "Corporation", "Corp",        "Inc",      "Ltd",
    "LLC",        "PLC",          "plc",          "Group",       "Foundation",  "Fund",     "Party",
    "Union",      "Society",      "Service",      "Office",      "Authority",   "Court",    "Parliament",
    "Senate",     "Congress",     "Assembly",     "Academy",     "Museum",      "Library",  "Archives",
    "Archive",    "Broadcasting", "Times",        "Press",       "Bureau",      "Trust",    "Federation",
    "Alliance",   "Consortium",   "Chamber",      "Board",       "Club",        "School",   "Hospital",
    "Church",     "Navy",         "Army",         "Police",      "Forces",      "Airlines", "Industries",
    "Holdings",   "Embassy",      "Consulate",    "Forum",       "Herald",      "Tribune",  "Gazette",
    "Institutes", "Network",      "Broadcaster",  "Brigade",     "Battalion",   "Regiment"};
// Words that make a run a programme, event, treaty or building, which the guidelines do not
// count as names, unless an organisation head ends the run.
constexpr std::string_view other_heads[]{
    "Project",   "Operation",  "Programme",   "Program", "Plan",     "Initiative", "Doctrine",    "Treaty",
    "Agreement", "Act",        "Award",       "Prize",   "Exercise", "Exercises",  "Partnership", "Strategy",
    "Summit",    "Conference", "Declaration", "Accord",  "Accords",  "Protocol",   "Convention",  "Games"};
// Lower-case nouns after an unknown name that make it a place ("the Tengiz field", "the
// Irtysh valley"), and nouns of which a place is "the port of Vellmar".
constexpr std::string_view place_nouns_after[]{
    "valley", "desert", "river",     "field", "region", "province", "steppe",  "mountains", "basin",
    "lake",   "coast",  "peninsula", "oasis", "delta",  "plain",    "plateau", "oblast",    "district"};
constexpr std::string_view place_nouns_before[]{"port",   "city",     "town",   "village",  "capital",
                                                "region", "province", "island", "republic", "state",
                                                "county", "harbour",  "oasis"};
// Lower-case nouns that name an organisation by its kind: "the state broadcaster, Khabar,".
constexpr std::string_view org_nouns[]{"broadcaster", "company",    "firm",     "newspaper", "agency",
                                       "channel",     "station",    "bank",     "group",     "party",
                                       "operator",    "ministry",   "producer", "carrier",   "airline",
                                       "publisher",   "consortium", "insurer"};
constexpr std::string_view place_heads[]{
    "Sea",    "Ocean",    "River",     "Lake",    "Mountains", "Mountain", "Valley",  "Gulf",     "Bay",
    "Desert", "Steppe",   "Island",    "Islands", "Peninsula", "Strait",   "Basin",   "Province", "Region",
    "Oblast", "District", "Street",    "Square",  "Avenue",    "Road",     "Canal",   "Republic", "Plateau",
    "Coast",  "Hills",    "Highlands", "Delta",   "County",    "Quay",     "Harbour", "Harbor",   "House"};
constexpr std::string_view regions[]{
    "Asia",       "Europe",      "Africa",  "Siberia",     "Caucasus", "Caspian",  "Arctic",
    "Antarctica", "Eurasia",     "Balkans", "Scandinavia", "Levant",   "Anatolia", "Transoxiana",
    "Turkestan",  "Mesopotamia", "Persia",  "Manchuria",   "Mongolia", "Tibet",    "Kashmir"};
constexpr std::string_view titles[]{"President",
                                    "Vice",
                                    "Prime",
                                    "Minister",
                                    "Secretary",
                                    "Senator",
                                    "Mr",
                                    "Mrs",
                                    "Ms",
                                    "Miss",
                                    "Dr",
                                    "Professor",
                                    "Prof",
                                    "General",
                                    "Ambassador",
                                    "Chairman",
                                    "Chairwoman",
                                    "Chair",
                                    "Mayor",
                                    "Governor",
                                    "King",
                                    "Queen",
                                    "Prince",
                                    "Princess",
                                    "Sir",
                                    "Dame",
                                    "Lord",
                                    "Lady",
                                    "Judge",
                                    "Justice",
                                    "Representative",
                                    "Rep",
                                    "Sen",
                                    "Gen",
                                    "Col",
                                    "Colonel",
                                    "Captain",
                                    "Capt",
                                    "Lieutenant",
                                    "Major",
                                    "Deputy",
                                    "Chief",
                                    "Councillor",
                                    "Councilor",
                                    "Director",
                                    "CEO",
                                    "Chancellor",
                                    "Premier",
                                    "Emperor",
                                    "Empress",
                                    "Tsar",
                                    "Czar",
                                    "Khan",
                                    "Sultan",
                                    "Emir",
                                    "Sheikh",
                                    "Pope",
                                    "Bishop",
                                    "Archbishop",
                                    "Father",
                                    "Rabbi",
                                    "Imam",
                                    "Officer",
                                    "Commissioner",
                                    "Consul",
                                    "Envoy",
                                    "Speaker",
                                    "Leader",
                                    "Founder",
                                    "Editor",
                                    "Curator",
                                    "Dean",
                                    "Rector",
                                    "Inspector",
                                    "Sergeant",
                                    "Admiral",
                                    "Marshal",
                                    "Ataman",
                                    "Mufti",
                                    "Spokesman",
                                    "Mme",
                                    "Mlle",
                                    "Herr",
                                    "Frau",
                                    "Messrs",
                                    "Senators",
                                    "Presidents",
                                    "Ministers",
                                    "Secretaries",
                                    "Generals",
                                    "Governor-General",
                                    "Ambassadors"};
constexpr std::string_view connectors[]{"of", "for", "the", "de", "van", "von", "der", "den", "bin", "ibn",
                                        "al", "du",  "la",  "le", "da",  "di",  "dos", "das", "y",   "el"};
constexpr std::string_view locatives[]{"in",         "at",     "near",    "from",   "across",
                                       "outside",    "into",   "towards", "toward", "via",
                                       "throughout", "around", "through", "beyond", "inside"};
constexpr std::string_view person_roles[]{
    "CEO",     "chairman",  "chairwoman",  "chair",     "director",   "president",  "head",
    "founder", "spokesman", "spokeswoman", "minister",  "secretary",  "professor",  "leader",
    "editor",  "curator",   "ambassador",  "governor",  "mayor",      "chief",      "who",
    "whose",   "an",        "a",           "the",       "former",     "deputy",     "senior",
    "manager", "analyst",   "author",      "historian", "researcher", "lecturer",   "economist",
    "adviser", "advisor",   "owner",       "partner",   "officer",    "councillor", "resident"};
constexpr std::string_view speech[]{
    "said",     "says",      "told",       "noted",        "added",     "announced", "declared",
    "stated",   "explained", "argued",     "asked",        "replied",   "wrote",     "writes",
    "insisted", "warned",    "claimed",    "remarked",     "observed",  "commented", "recalled",
    "recalls",  "remembers", "remembered", "acknowledged", "admitted",  "conceded",  "believes",
    "thinks",   "suggested", "confirmed",  "urged",        "responded", "proposed"};
constexpr std::string_view org_before[]{"CEO",         "chairman",  "head",        "director", "spokesman",
                                        "spokeswoman", "president", "founder",     "member",   "members",
                                        "employees",   "staff",     "shareholders"};
constexpr std::string_view not_names[]{
    "The",       "A",        "An",        "This",     "That",       "These",     "Those",        "It",
    "Its",       "In",       "On",        "At",       "But",        "And",       "Or",           "If",
    "When",      "While",    "As",        "After",    "Before",     "Since",     "During",       "Although",
    "Though",    "Yet",      "So",        "Thus",     "Then",       "There",     "Here",         "Such",
    "Some",      "Many",     "Most",      "Both",     "Each",       "Every",     "All",          "Any",
    "No",        "Not",      "Only",      "Even",     "Also",       "Just",      "Still",        "However",
    "Meanwhile", "Indeed",   "Overall",   "Finally",  "First",      "Second",    "Third",        "Today",
    "Yesterday", "Tomorrow", "Currently", "Simply",   "Similarly",  "Together",  "Thanks",       "Too",
    "Few",       "Neither",  "Nor",       "Equally",  "Greatly",    "Over",      "Under",        "With",
    "Without",   "Against",  "For",       "From",     "To",         "By",        "Of",           "He",
    "She",       "They",     "We",        "I",        "You",        "His",       "Her",          "Their",
    "Our",       "My",       "Your",      "Who",      "What",       "Which",     "Where",        "Why",
    "How",       "Yes",      "Will",      "Would",    "Could",      "Should",    "May",          "Might",
    "Must",      "Can",      "Has",       "Have",     "Had",        "Is",        "Are",          "Was",
    "Were",      "Be",       "Do",        "Did",      "Does",       "Let",       "Now",          "Once",
    "Nothing",   "Nobody",   "None",      "Everyone", "Everything", "One",       "Two",          "Three",
    "Another",   "Other",    "Others",    "Several",  "Among",      "Between",   "Within",       "Like",
    "Unlike",    "Despite",  "Because",   "Perhaps",  "Again",      "Already",   "Later",        "Earlier",
    "Last",      "Next",     "Chapter",   "Part",     "Section",    "Table",     "Figure",       "Page",
    "Note",      "Notes",    "Staff",     "Outlook",  "Background", "Summary",   "Introduction", "God",
    "January",   "February", "March",     "April",    "June",       "July",      "August",       "September",
    "October",   "November", "December",  "Monday",   "Tuesday",    "Wednesday", "Thursday",     "Friday",
    "Saturday",  "Sunday",   "Mr.",       "Mrs.",     "Dr.",        "St",        "Mid",          "Early",
    "Late",      "Whereas",  "Throughout"};
constexpr std::string_view demonyms[]{
    "Kazakh",     "Kazakhs",   "Kazak",     "Kazakhstani", "Kazakhstanis", "American",   "Americans",
    "Russian",    "Russians",  "Chinese",   "Soviet",      "European",     "Europeans",  "Asian",
    "Asians",     "Azeri",     "Azeris",    "Uzbek",       "Uzbeks",       "Kyrgyz",     "Turkish",
    "Turkmen",    "Tajik",     "Tajiks",    "Iranian",     "British",      "French",     "German",
    "Germans",    "Dutch",     "Danish",    "Swedish",     "Norwegian",    "Polish",     "Ukrainian",
    "Georgian",   "Armenian",  "Mongolian", "Afghan",      "Afghans",      "Iraqi",      "Israeli",
    "Arab",       "Arabs",     "Persian",   "Indian",      "Japanese",     "Korean",     "Western",
    "Eastern",    "Muslim",    "Muslims",   "Christian",   "Christians",   "Orthodox",   "Catholic",
    "Protestant", "Jewish",    "English",   "Spanish",     "Italian",      "Greek",      "Roman",
    "Latin",      "Cossack",   "Cossacks",  "Tatar",       "Tatars",       "Uyghur",     "Uighur",
    "Slavic",     "Baltic",    "Atlantic",  "Democrat",    "Democrats",    "Republican", "Republicans",
    "Green",      "Communist", "Socialist", "Liberal",     "Conservative"};

using detail::is_capital_letter;
using detail::is_word_character;

// A word's hash for the tables below: eight bytes at a time, multiplied and folded. Words are
// short, so this is a few instructions where std::hash would call out to a byte loop.
std::uint64_t word_hash(std::string_view w) noexcept {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ w.size();
  std::size_t i = 0;
  for (; i + 8 <= w.size(); i += 8) {
    std::uint64_t v;
    std::memcpy(&v, w.data() + i, 8);
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
  }
  if (i < w.size()) {
    std::uint64_t v = 0;
    std::memcpy(&v, w.data() + i, w.size() - i);
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
  }
  h ^= h >> 32;
  return h * 0x94D049BB133111EBull;
}

// Words (views into storage that outlives the table) with a 32-bit value each, open addressing.
// Holds the word lists, and each document's capitalised words.
class word_table {
public:
  explicit word_table(std::size_t expected = 16) { rehash(capacity_for(expected)); }

  /// The value of `w`, or nullptr.
  const std::uint32_t *find(std::string_view w) const noexcept {
    for (std::size_t i = word_hash(w) & mask_;; i = (i + 1) & mask_) {
      if (keys_[i].empty()) return nullptr;
      if (keys_[i] == w) return &values_[i];
    }
  }
  /// The value of `w`, inserted as 0 if it was not there.
  std::uint32_t &insert(std::string_view w) {
    if (2 * (used_ + 1) > keys_.size()) rehash(2 * keys_.size());
    std::size_t i = word_hash(w) & mask_;
    for (; !keys_[i].empty(); i = (i + 1) & mask_)
      if (keys_[i] == w) return values_[i];
    keys_[i] = w;
    ++used_;
    return values_[i];
  }

  template <class F> void for_each(F &&f) const {
    for (std::size_t i = 0; i < keys_.size(); ++i)
      if (!keys_[i].empty()) f(keys_[i], values_[i]);
  }

private:
  static std::size_t capacity_for(std::size_t n) {
    std::size_t c = 16;
    while (c < 2 * n)
      c *= 2;
    return c;
  }
  void rehash(std::size_t capacity) {
    std::vector<std::string_view> keys(capacity);
    std::vector<std::uint32_t> values(capacity);
    const std::size_t mask = capacity - 1;
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      if (keys_[k].empty()) continue;
      std::size_t i = word_hash(keys_[k]) & mask;
      while (!keys[i].empty())
        i = (i + 1) & mask;
      keys[i] = keys_[k];
      values[i] = values_[k];
    }
    keys_ = std::move(keys);
    values_ = std::move(values);
    mask_ = mask;
  }

  std::vector<std::string_view> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;
};

// The word lists above as bits, so that one lookup tells every list a word is in.
enum word_list : std::uint32_t {
  org_head = 1u << 0,
  other_head = 1u << 1,
  place_noun_after = 1u << 2,
  place_noun_before = 1u << 3,
  org_noun = 1u << 4,
  place_head = 1u << 5,
  region = 1u << 6,
  title = 1u << 7,
  connector = 1u << 8,
  locative = 1u << 9,
  person_role = 1u << 10,
  speech_verb = 1u << 11,
  org_before_word = 1u << 12,
  not_name = 1u << 13,
  demonym = 1u << 14,
};

std::uint32_t lists_of(std::string_view w) {
  static const word_table table = [] {
    word_table t(512);
    const auto add = [&t](const auto &list, std::uint32_t bit) {
      for (std::string_view word : list)
        t.insert(word) |= bit;
    };
    add(org_heads, org_head);
    add(other_heads, other_head);
    add(place_nouns_after, place_noun_after);
    add(place_nouns_before, place_noun_before);
    add(org_nouns, org_noun);
    add(place_heads, place_head);
    add(regions, region);
    add(titles, title);
    add(connectors, connector);
    add(locatives, locative);
    add(person_roles, person_role);
    add(speech, speech_verb);
    add(org_before, org_before_word);
    add(not_names, not_name);
    add(demonyms, demonym);
    return t;
  }();
  const std::uint32_t *v = table.find(w);
  return v ? *v : 0;
}

// Byte classes of the tokenizer. Bytes from 0x80 on begin or continue a multi-byte character,
// which is decoded; the ASCII ones are classified here without a call.
enum byte_class : std::uint8_t {
  other_byte = 0,
  word_byte = 1,
  multi_byte = 2,
  stop_byte = 3,
  comma_byte = 4
};
constexpr std::array<std::uint8_t, 256> byte_classes = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      t[c] = word_byte;
    else if (c >= 0x80)
      t[c] = multi_byte;
  }
  for (char c : {'.', '!', '?', ':', '\n'})
    t[static_cast<unsigned char>(c)] = stop_byte; // the next word opens a sentence
  t[','] = comma_byte;
  return t;
}();

constexpr std::uint32_t lists_unknown = 0xFFFFFFFFu;
constexpr std::uint32_t no_word = 0xFFFFFFFFu;

struct token {
  std::size_t begin, end; // without a possessive 's
  std::string_view text;
  mutable std::uint32_t lists = lists_unknown; // word_list bits, looked up when first asked
  std::uint32_t word = no_word;                // a capitalised word's index in the document's
  bool capital = false;
  bool sentence_start = false;
  bool possessive = false; // followed by 's or ’s
  bool comma_after = false;
  bool joined_after = false; // only spaces between this token and the next
};

bool is_acronym(std::string_view w) {
  std::size_t caps = 0;
  for (char c : w) {
    if (c >= 'A' && c <= 'Z')
      ++caps;
    else if (c != '.' && !(c >= '0' && c <= '9'))
      return false;
  }
  if (caps < 2 || caps > 6) return false;
  return !one_of(w, {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XX", "XIX", "XVIII"});
}

// KazMunaiGaz, ExxonMobil: a capital inside a word of letters.
bool is_camel_case(std::string_view w) {
  if (w.size() < 4) return false;
  bool lower_seen = false;
  for (std::size_t i = 1; i < w.size(); ++i) {
    if (w[i] >= 'a' && w[i] <= 'z') lower_seen = true;
    if (w[i] >= 'A' && w[i] <= 'Z' && lower_seen) return true;
    if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z'))) return false;
  }
  return false;
}

// The sentence starts of a document in text order, passed by a cursor as the words are read.
class sentence_cursor {
public:
  explicit sentence_cursor(const std::vector<std::size_t> &starts) : starts_(starts) {}
  /// Whether a sentence starts in [from, to]; calls come in text order.
  bool any_in(std::size_t from, std::size_t to) {
    while (next_ < starts_.size() && starts_[next_] < from)
      ++next_;
    return next_ < starts_.size() && starts_[next_] <= to;
  }

private:
  const std::vector<std::size_t> &starts_;
  std::size_t next_ = 0;
};

// Three passes. The first reads only the capitalised words: each distinct one gets an index,
// and whether it is capitalised somewhere other than at the start of a sentence (a sentence's
// first word is a name only then). The second cuts each block into words and applies the
// rules. The third gives the names found their other occurrences, starting from the first
// pass's capitalised words. Only one block's words are held at a time.
class name_finder {
public:
  name_finder(const document &doc, const gazetteer &g, const name_rule_options &options)
      : doc_(doc), text_(doc.text()), options_(options),
        gaz_(options.gazetteer ? names(doc, g) : layer("names")) {
    if (const layer *s = doc_.find_layer(sentences_layer_name)) {
      sentence_starts_.assign(s->begins().begin(), s->begins().end());
      std::sort(sentence_starts_.begin(), sentence_starts_.end());
    }
  }

  layer run() {
    read_capitals();
    found_.reserve(gaz_.size() + capitals_.size() / 4);
    for (std::size_t i = 0; i < gaz_.size(); ++i)
      found_.push_back({gaz_.begin(i), gaz_.end(i), gaz_.type(i), i, *gaz_.made_by(i).confidence});
    sort_found();
    sentence_cursor sentences(sentence_starts_);
    std::size_t g = 0, c = 0;
    for (const auto &b : doc_.blocks()) {
      tokenize(b, sentences);
      for (auto &t : tokens_) {
        if (!t.capital) continue;
        while (capitals_[c].begin < t.begin) // every capitalised word is there, in text order
          ++c;
        t.word = capitals_[c].word;
      }
      // Which words a gazetteer name covers: one sweep, both in text order.
      in_gazetteer_.assign(tokens_.size(), false);
      for (std::size_t t = 0; t < tokens_.size(); ++t) {
        while (g < gaz_.size() && gaz_.end(g) <= tokens_[t].begin)
          ++g;
        in_gazetteer_[t] = g < gaz_.size() && gaz_.begin(g) < tokens_[t].end;
      }
      last_person_end_ = SIZE_MAX;
      const bool heading =
          b.kind == block_kind::title || b.kind == block_kind::heading || b.kind == block_kind::subtitle;
      runs_in(heading);
    }
    if (options_.propagate) propagate();
    return assemble();
  }

private:
  struct found_name {
    std::size_t begin, end;
    std::string_view type;       // a literal, or the gazetteer layer's own string
    std::size_t gazetteer_index; // SIZE_MAX for a rule
    double confidence;
    bool wins = false; // over a gazetteer name of the same span
  };
  struct capital_word {
    std::size_t begin;
    std::uint32_t word;
  };
  struct word_info {
    std::string_view text;
    std::uint32_t lists = lists_unknown;
    bool capitalised_inside = false; // somewhere other than at a sentence's start
  };

  char32_t at(std::size_t i) const { // ASCII, most of any text, without the decoder's call
    const auto c = static_cast<unsigned char>(text_[i]);
    return c < 0x80 ? c : detail::decode_at(text_, i);
  }
  std::size_t next(std::size_t i) const {
    return i + detail::sequence_length(static_cast<unsigned char>(text_[i]));
  }
  bool word_at(std::size_t i) const {
    const auto c = static_cast<unsigned char>(text_[i]);
    return c < 0x80 ? byte_classes[c] == word_byte : is_word_character(detail::decode_at(text_, i));
  }

  // Whether token t is in one of `lists` (word_list bits).
  bool in(const token &t, std::uint32_t lists) const {
    if (t.lists == lists_unknown) {
      if (t.word == no_word) {
        t.lists = lists_of(t.text);
      } else {
        word_info &w = words_[t.word];
        if (w.lists == lists_unknown) w.lists = lists_of(w.text);
        t.lists = w.lists;
      }
    }
    return (t.lists & lists) != 0;
  }
  bool looks_like_demonym(const token &t) const {
    if (in(t, demonym)) return true;
    for (std::string_view end : {"ians", "ian", "eses", "ese", "ish", "stani", "stanis"})
      if (t.text.size() > end.size() + 2 && t.text.ends_with(end)) return true;
    return false;
  }

  // From byte i to the next word character before `end` (or `end`), noting sentence ends and
  // commas passed.
  template <class OnStop, class OnComma>
  std::size_t skip_gap(std::size_t i, std::size_t end, OnStop &&on_stop, OnComma &&on_comma) const {
    while (i < end) {
      const std::uint8_t k = byte_classes[static_cast<unsigned char>(text_[i])];
      if (k == word_byte) break;
      if (k == multi_byte) {
        if (is_word_character(detail::decode_at(text_, i))) break;
        i = next(i);
        continue;
      }
      if (k == stop_byte)
        on_stop();
      else if (k == comma_byte)
        on_comma();
      ++i;
    }
    return i;
  }

  // The word starting at byte i (a word character) of a block ending at `end` into t (without
  // sentence_start and comma_after); returns the byte after it and its possessive.
  std::size_t read_word(std::size_t i, std::size_t end, token &t) const {
    t.begin = t.end = i;
    while (t.end < end) {
      const auto c = static_cast<unsigned char>(text_[t.end]);
      if (byte_classes[c] == word_byte) {
        ++t.end;
        continue;
      }
      const char32_t d = c < 0x80 ? c : detail::decode_at(text_, t.end);
      if (c >= 0x80 && is_word_character(d)) {
        t.end = next(t.end);
      } else if ((d == U'.' || d == U'-' || d == U'\'' || d == U'\u2019') && next(t.end) < end &&
                 word_at(next(t.end))) {
        t.end = next(t.end);
      } else if (d == U'.' && t.end == next(t.begin) && is_capital_letter(at(t.begin))) {
        t.end = next(t.end); // an initial: "George H. W. Bush"
        break;
      } else if (d == U'.' && t.end - t.begin <= 3 && t.end > t.begin && is_capital_letter(at(t.begin)) &&
                 text_.substr(t.begin, t.end - t.begin).find('.') != std::string_view::npos) {
        t.end = next(t.end); // the last dot of "U.S."
        break;
      } else {
        break;
      }
    }
    const std::size_t after = t.end;
    t.possessive = false;
    if (t.end - t.begin > 2 && text_[t.end - 1] == 's') { // 's or ’s
      if (text_[t.end - 2] == '\'') {
        t.end -= 2;
        t.possessive = true;
      } else if (t.end - t.begin > 4 && text_.substr(t.end - 4, 3) == "\u2019") {
        t.end -= 4;
        t.possessive = true;
      }
    }
    t.text = text_.substr(t.begin, t.end - t.begin);
    t.capital = is_capital_letter(at(t.begin));
    std::size_t k = after;
    while (k < end && text_[k] == ' ')
      ++k;
    t.joined_after = k > after && k < end && word_at(k);
    return after;
  }

  // The end of a word that starts at byte i with a character other than a capital: as
  // read_word() would find it, without the rules that only capitalised words take.
  std::size_t skip_word(std::size_t i, std::size_t end) const {
    while (i < end) {
      const auto c = static_cast<unsigned char>(text_[i]);
      if (byte_classes[c] == word_byte) {
        ++i;
        continue;
      }
      const char32_t d = c < 0x80 ? c : detail::decode_at(text_, i);
      if ((c >= 0x80 && is_word_character(d)) ||
          ((d == U'.' || d == U'-' || d == U'\'' || d == U'\u2019') && next(i) < end && word_at(next(i))))
        i = next(i);
      else
        break;
    }
    return i;
  }

  // Pass one: the capitalised words of every block, in text order, each with its index.
  void read_capitals() {
    word_table index(1024);
    sentence_cursor sentences(sentence_starts_);
    token t;
    for (const auto &b : doc_.blocks()) {
      if (b.kind == block_kind::boilerplate) continue;
      bool start = true;
      for (std::size_t i = b.begin; i < b.end;) {
        const std::size_t gap = i;
        i = skip_gap(
            i, b.end, [&] { start = true; }, [] {});
        if (i >= b.end) break;
        if (sentences.any_in(gap, i)) start = true;
        if (!is_capital_letter(at(i))) {
          i = skip_word(i, b.end);
        } else {
          i = read_word(i, b.end, t);
          std::uint32_t &id = index.insert(t.text);
          if (id == 0) {
            words_.push_back({t.text});
            id = static_cast<std::uint32_t>(words_.size()); // 0 marks a new entry: ids from 1
          }
          capitals_.push_back({t.begin, id - 1});
          if (!start) words_[id - 1].capitalised_inside = true;
        }
        start = false;
      }
    }
    capitals_.push_back({SIZE_MAX, no_word}); // a sentinel for the cursors
    word_index_ = std::move(index);
  }

  // Pass two's words of block b into tokens_ (none for boilerplate).
  void tokenize(const block &b, sentence_cursor &sentences) {
    tokens_.clear();
    if (b.kind == block_kind::boilerplate) return;
    bool start = true; // the block's first word opens a sentence
    for (std::size_t i = b.begin; i < b.end;) {
      const std::size_t gap = i;
      i = skip_gap(
          i, b.end, [&] { start = true; },
          [&] {
            if (!tokens_.empty()) tokens_.back().comma_after = true;
          });
      if (i >= b.end) break;
      if (sentences.any_in(gap, i)) start = true;
      token &t = tokens_.emplace_back();
      i = read_word(i, b.end, t);
      t.sentence_start = start;
      start = false;
    }
  }

  bool name_word(const token &t) const { return t.capital && !in(t, not_name | demonym); }

  // The runs of capitalised words of the block (tokens_), each segmented and typed.
  void runs_in(bool heading) {
    const std::size_t last = tokens_.size();
    for (std::size_t i = 0; i < last;) {
      if (!tokens_[i].capital) {
        ++i;
        continue;
      }
      // A run: capitalised words joined by spaces, connectors allowed between them.
      std::size_t j = i;
      while (j + 1 < last && tokens_[j].joined_after && !tokens_[j].comma_after && !tokens_[j].possessive) {
        if (tokens_[j + 1].capital) {
          ++j;
          continue;
        }
        bool has_head = false; // "Ministry of Trade and Integration": "and" joins inside organisations
        for (std::size_t h = i; h <= j; ++h)
          has_head = has_head || in(tokens_[h], org_head);
        std::size_t k = j + 1;
        while (k < last && (in(tokens_[k], connector) || (has_head && tokens_[k].text == "and")) &&
               tokens_[k].joined_after && k - j <= 2)
          ++k;
        if (k > j + 1 && k < last && tokens_[k].capital && tokens_[k - 1].joined_after) {
          j = k;
          continue;
        }
        break;
      }
      segment_run(i, j + 1, heading);
      i = j + 1;
    }
  }

  void segment_run(std::size_t i, std::size_t j, bool heading) {
    // Leading function words and titles of a sentence ("The", "While") are not part of a name.
    while (i < j && in(tokens_[i], not_name | connector))
      ++i;
    // "Russian-led", "Almaty-based": a compound adjective, not part of the name after it.
    if (i < j && tokens_[i].text.find('-') != std::string_view::npos &&
        !is_capital_letter(at(tokens_[i].begin + tokens_[i].text.find('-') + 1)))
      ++i;
    while (j > i && in(tokens_[j - 1], connector))
      --j;
    // "the Department of State of Kazakhstan's proposal": the possessive opens another phrase.
    if (j - i >= 3 && tokens_[j - 1].possessive && tokens_[j - 2].text == "of") {
      classify(j - 1, j);
      j -= 2;
    }
    if (i >= j) return;
    // An organisation head anywhere makes the whole run (titles before it aside) one organisation.
    std::optional<std::size_t> head;
    bool other = false;
    for (std::size_t k = i; k < j; ++k) {
      if (in(tokens_[k], org_head)) head = k;
      other = other || in(tokens_[k], other_head);
    }
    if (other && !(head && *head == j - 1)) return; // a programme, treaty, exercise ...
    if (head && !heading) {
      // "Yerlan Karimov of the Eurasia Policy Forum": a person, then the organisation.
      for (std::size_t k = i + 2; k < *head; ++k) {
        if (tokens_[k].text != "of" && tokens_[k].text != "for") continue;
        bool person_like = true;
        for (std::size_t h = i; h < k; ++h)
          person_like =
              person_like && tokens_[h].capital && !in(tokens_[h], org_head | title) && !in_gazetteer_[h];
        if (!person_like) break;
        classify(i, k);
        i = k + 1;
        while (i < j && in(tokens_[i], connector))
          ++i;
        break;
      }
      std::size_t s = i;
      while (s < *head && in(tokens_[s], title | connector))
        ++s;
      std::size_t real = 0; // capitalised words that are not heads: "the Centre" alone is no name
      for (std::size_t k = s; k < j; ++k)
        if (tokens_[k].capital && !in(tokens_[k], org_head)) ++real;
      if (real > 0 && !(s == j - 1 && tokens_[s].sentence_start)) {
        add_rule(tokens_[s].begin, tokens_[j - 1].end, "orgName", 0.8, true);
        return;
      }
    }
    // Otherwise the gazetteer's names cut the run into segments, each typed on its own.
    std::size_t k = i;
    while (k < j) {
      if (in_gazetteer_[k]) {
        ++k;
        continue;
      }
      // Segments end at gazetteer names and at "of" and "for" ("Ken Durr of Chevron").
      std::size_t e = k;
      while (e < j && !in_gazetteer_[e] && (e == k || (tokens_[e].text != "of" && tokens_[e].text != "for")))
        ++e;
      if (!heading) classify(k, e);
      k = e;
      while (k < j && in(tokens_[k], connector))
        ++k;
    }
  }

  // Whether a title comes just before token i ("President Tokayev"), or a title and "of"
  // ("Secretary of State James Baker", "the Director of the Centre": then the word after "of"
  // is the office's domain, not the person), or the head of an organisation and "of" ("CEO of
  // Vellmar Shipping": then the words after "of" are the organisation).
  enum class title_kind { none, direct, via_of, of_organisation };
  title_kind title_before(std::size_t i) const {
    bool via_of = false;
    for (std::size_t k = i, n = 0; k > 0 && n < 5; --k, ++n) {
      const token &t = tokens_[k - 1];
      if (in(t, title)) {
        if (!via_of) return title_kind::direct;
        return k + 1 == i && one_of(t.text, {"CEO", "Chairman", "Chairwoman", "Chair", "Director", "Founder",
                                             "Editor"})
                   ? title_kind::of_organisation
                   : title_kind::via_of;
      }
      if (t.text == "of") via_of = true;
      if (!t.joined_after || (!t.capital && !in(t, connector))) return title_kind::none;
    }
    return title_kind::none;
  }

  void classify(std::size_t i, std::size_t j) {
    const std::size_t last = tokens_.size();
    const std::size_t i0 = i;
    // Titles inside the segment: the name is what follows the last of them ("Energy Minister
    // Serik Abenov", "Secretary of State James Baker III").
    const title_kind before_title = title_before(i);
    bool titled = before_title == title_kind::direct;
    // "Secretary of | State James Baker": the office's domain is not part of the name; "the
    // Director of | the Centre" names no one.
    if (before_title == title_kind::via_of && j - i >= 2) {
      titled = true;
      ++i;
    }
    for (std::size_t k = i; k < j; ++k) {
      if (!in(tokens_[k], title)) continue;
      titled = true;
      i = k + 1;
      if (i + 1 < j && tokens_[i].text == "of") i += 2; // "of State", "of Energy"
      while (i < j && in(tokens_[i], connector))
        ++i;
    }
    while (i < j && !name_word(tokens_[i]))
      ++i;
    if (i >= j) return;
    if (before_title == title_kind::of_organisation && !titled && i == i0 && j - i <= 4)
      return add_rule(tokens_[i].begin, tokens_[j - 1].end, "orgName", 0.7);
    const std::size_t n = j - i;
    const token &a = tokens_[i];
    const token &z = tokens_[j - 1];
    const token *before = i > 0 ? &tokens_[i - 1] : nullptr;
    const std::string_view before_text = before ? before->text : std::string_view{};
    const bool before_joined = before && before->joined_after;
    const token *after = j < last ? &tokens_[j] : nullptr;
    const std::string_view after_text = after ? after->text : std::string_view{};
    const bool apposition = z.comma_after && after && in(*after, person_role);
    const bool speaks = z.joined_after && after && in(*after, speech_verb);
    const std::size_t b = a.begin, e = z.end;
    // "Russian Republic", "Black Sea": a place head after any capitalised word, demonyms too.
    if (in(z, place_head) && j - i0 > 1 && tokens_[i0].capital)
      return add_rule(tokens_[i0].begin, e, "placeName", 0.7);
    const bool demonym_word = n == 1 && looks_like_demonym(a);
    if (demonym_word) return;
    if (n == 1 && in(a, org_head | place_head)) return; // "the Centre said"
    const std::string_view after2 = j + 1 < last && z.joined_after ? tokens_[j + 1].text : std::string_view{};
    if (z.joined_after && after &&
        (in(*after, place_noun_after) || (one_of(after_text, {"oil", "gas"}) && after2 == "field")))
      return add_rule(b, e, "placeName", 0.7); // "the Tengiz field", "the Irtysh valley"
    if (before_joined && before_text == "of" && i >= 2 && in(tokens_[i - 2], place_noun_before) && n <= 3)
      return add_rule(b, e, "placeName", 0.7); // "the port of Vellmar"
    if (n == 1 && before && before->comma_after && in(*before, org_noun) && z.comma_after)
      return add_rule(b, e, "orgName", 0.7); // "the state broadcaster, Khabar,"
    if (before_joined && before_text == "of" && i >= 2 && last_person_end_ == i - 2 && n <= 3)
      return add_rule(b, e, "orgName", 0.6);                                    // "Ken Durr of Chevron"
    if (n == 1 && is_camel_case(a.text)) return add_rule(b, e, "orgName", 0.6); // KazMunaiGaz, ExxonMobil
    if (n <= 2 && in(z, region)) return add_rule(b, e, "placeName", 0.7);
    if (titled && n <= 4) return add_rule(b, e, "persName", 0.85);
    // Sentence-initial single words need to be capitalised elsewhere to count.
    if (n == 1 && a.sentence_start && !words_[a.word].capitalised_inside) return;
    if (n == 1 && is_acronym(a.text) &&
        !(after && !after_text.empty() && after_text[0] >= '0' && after_text[0] <= '9'))
      return add_rule(b, e, "orgName", 0.6); // not a shelfmark such as "MS 1868"
    if (before_joined && before_text == "of" && i >= 2 && in(tokens_[i - 2], org_before_word) && n <= 3)
      return add_rule(b, e, "orgName", 0.6);
    if (a.possessive && after && after->capital && n <= 2) return add_rule(b, e, "orgName", 0.6);
    if ((apposition || speaks) && n >= 2 && n <= 4) return add_rule(b, e, "persName", 0.75);
    if (before_joined && in(*before, locative) && n <= 3 && !apposition && !speaks)
      return add_rule(b, e, "placeName", 0.6);
    std::size_t initials = 0; // "George H. W. Bush"
    for (std::size_t k = i; k < j; ++k)
      initials += tokens_[k].text.size() == 2 && tokens_[k].text[1] == '.';
    // After "the", capitalised words are a place or a thing, not a person ("above the Syr Darya").
    if (before_joined && one_of(before_text, {"a", "an", "A", "An"})) return; // "a New York syndicate"
    if (before_joined && (before_text == "the" || before_text == "The")) {
      if (i >= 2 && in(tokens_[i - 2], locative) && n <= 3) return add_rule(b, e, "placeName", 0.5);
      return;
    }
    if (n >= 2 && n <= 3 + std::min<std::size_t>(initials, 2)) {
      bool plain = true;
      for (std::size_t k = i; k < j; ++k)
        plain = plain && (tokens_[k].capital || in(tokens_[k], connector)) &&
                !looks_like_demonym(tokens_[k]) && !is_acronym(tokens_[k].text);
      if (plain) return add_rule(b, e, "persName", 0.6);
    }
    if (n == 1 && speaks) return add_rule(b, e, "persName", 0.6);
  }

  void add_rule(std::size_t begin, std::size_t end, std::string_view type, double confidence,
                bool over_gazetteer = false) {
    if (type == "persName") { // the token that ends it, for "Ken Durr of Chevron"
      const auto it = std::lower_bound(tokens_.begin(), tokens_.end(), end,
                                       [](const token &t, std::size_t e) { return t.end < e; });
      if (it != tokens_.end() && it->end == end)
        last_person_end_ = static_cast<std::size_t>(it - tokens_.begin());
    }
    // A longer name wins over the gazetteer's names inside it: assemble() keeps, of names that
    // overlap, the one that starts first and is longest (`over_gazetteer` says so at equal spans).
    found_.push_back({begin, end, type, SIZE_MAX, confidence, over_gazetteer});
  }

  // Every other occurrence of a found name, and persons' surnames standing alone.
  void propagate() {
    struct known_name {
      std::string_view type;
      double confidence;
    };
    // Names are views into the text; the first found of a name gives its type.
    word_table known_index(found_.size() / 4);
    std::vector<known_name> known_names;
    const auto learn = [&](std::string_view name, std::string_view type, double confidence) {
      std::uint32_t &k = known_index.insert(name);
      if (k == 0) {
        known_names.push_back({type, confidence});
        k = static_cast<std::uint32_t>(known_names.size()); // from 1: 0 marks a new entry
      }
    };
    for (const auto &f : found_)
      learn(text_.substr(f.begin, f.end - f.begin), f.type, f.confidence - 0.05);
    for (const auto &f : found_) { // "Caspian Meridian Ltd" is "Caspian Meridian" too
      if (f.type != "orgName") continue;
      const auto name = text_.substr(f.begin, f.end - f.begin);
      const auto space = name.rfind(' ');
      if (space != std::string_view::npos &&
          one_of(name.substr(space + 1), {"Ltd", "Inc", "LLC", "PLC", "plc", "Corp", "AG", "GmbH", "SA"}))
        learn(name.substr(0, space), f.type, f.confidence - 0.05);
    }
    for (const auto &f : found_) {
      if (f.type != "persName") continue;
      const auto name = text_.substr(f.begin, f.end - f.begin);
      const auto space = name.rfind(' ');
      if (space == std::string_view::npos) continue;
      const auto surname = name.substr(space + 1);
      if (surname.size() < 3 || one_of(surname, {"Jr", "Sr", "II", "III", "IV"}) ||
          (lists_of(surname) & (org_head | place_head | not_name | title)))
        continue;
      learn(surname, "persName", f.confidence - 0.05);
    }
    sort_found();
    const auto free = [&](std::size_t b, std::size_t e) {
      auto it = std::lower_bound(found_.begin(), found_.end(), e,
                                 [](const found_name &f, std::size_t at) { return f.begin < at; });
      while (it != found_.begin()) {
        --it;
        if (it->end > b) return false;
        if (it->begin + 200 < b) break; // names are short
      }
      return true;
    };
    // The first word of each known name, with the length in bytes of the longest name it
    // starts, by capitalised word: most capitalised words start none, and are passed over.
    std::vector<std::uint32_t> longest(words_.size(), 0);
    known_index.for_each([&](std::string_view name, std::uint32_t) {
      const std::uint32_t *w = word_index_.find(name.substr(0, name.find_first_of(" \n")));
      if (!w) return; // no capitalised word of the document starts it
      longest[*w - 1] = std::max(longest[*w - 1],
                                 static_cast<std::uint32_t>(std::min<std::size_t>(name.size(), UINT32_MAX)));
    });
    std::vector<found_name> more;
    std::size_t c = 0;
    for (const auto &b : doc_.blocks()) {
      for (; capitals_[c].begin < b.end; ++c) {
        const std::uint32_t most = longest[capitals_[c].word];
        if (most == 0) continue;
        // Longest known name starting at this word, over up to six words.
        std::optional<found_name> best;
        token u;
        std::size_t i = read_word(capitals_[c].begin, b.end, u);
        for (int n = 0; n < 6; ++n) {
          if (u.end - capitals_[c].begin > most) break;
          if (const std::uint32_t *k =
                  known_index.find(text_.substr(capitals_[c].begin, u.end - capitals_[c].begin))) {
            const known_name &known = known_names[*k - 1];
            best =
                found_name{capitals_[c].begin, u.end, known.type, SIZE_MAX, std::max(0.5, known.confidence)};
          }
          if (!u.joined_after) break;
          i = skip_gap(
              i, b.end, [] {}, [] {});
          i = read_word(i, b.end, u);
        }
        if (best && free(best->begin, best->end)) more.push_back(*best);
      }
    }
    found_.insert(found_.end(), more.begin(), more.end());
  }

  // The order in which assemble() takes names: by start, the longest first, and an
  // organisation over the gazetteer's name of the same span.
  static bool taken_before(const found_name &a, const found_name &b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.wins > b.wins;
  }
  // found_ in that order. Names come in runs in text order (the gazetteer's, the rules',
  // the propagated ones), so the new run is sorted (seldom needed) and merged.
  void sort_found() {
    const auto mid = found_.begin() + static_cast<std::ptrdiff_t>(sorted_);
    if (!std::is_sorted(mid, found_.end(), taken_before)) std::sort(mid, found_.end(), taken_before);
    std::inplace_merge(found_.begin(), mid, found_.end(), taken_before);
    sorted_ = found_.size();
  }

  layer assemble() {
    sort_found();
    layer out{std::string(names_layer_name)};
    std::size_t last_end = 0;
    std::vector<attribute> attrs;
    for (const auto &f : found_) {
      if (f.begin < last_end) continue; // names do not overlap: the first, longest, wins
      last_end = f.end;
      if (f.gazetteer_index != SIZE_MAX) {
        attrs.clear();
        for (const auto a : gaz_.attributes(f.gazetteer_index))
          attrs.push_back({std::string(a.name), std::string(a.value)});
        out.add(f.begin, f.end, f.type, attrs, gaz_.made_by(f.gazetteer_index));
      } else {
        out.add(f.begin, f.end, f.type, {}, provenance{names_annotator, version, f.confidence});
      }
    }
    return out;
  }

  const document &doc_;
  std::string_view text_;
  const name_rule_options &options_;
  layer gaz_;
  std::vector<std::size_t> sentence_starts_;
  std::vector<capital_word> capitals_;   // every capitalised word, in text order, and a sentinel
  mutable std::vector<word_info> words_; // the distinct ones
  word_table word_index_;                // their indexes (from 1) by text
  std::vector<token> tokens_;            // of the block at hand
  std::vector<bool> in_gazetteer_;
  std::size_t last_person_end_ = SIZE_MAX;
  std::vector<found_name> found_;
  std::size_t sorted_ = 0; // found_[0, sorted_) is in taken_before order
};

} // namespace

layer find_names(const document &doc, const gazetteer &g, const name_rule_options &options) {
  return name_finder(doc, g, options).run();
}

} // namespace alinea::annotate
