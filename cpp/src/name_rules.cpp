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
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace alinea::annotate {
namespace {

using words_t = std::initializer_list<std::string_view>;

bool one_of(std::string_view w, words_t set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}
// Membership in one of the word lists below, through a hash set made once per list.
template <const auto &List> bool in_set(std::string_view w) {
  static const std::unordered_set<std::string_view> set(std::begin(List), std::end(List));
  return set.count(w) != 0;
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

struct token {
  std::size_t begin, end; // without a possessive 's
  bool capital = false;
  bool sentence_start = false;
  bool possessive = false; // followed by 's or ’s
  bool comma_after = false;
  bool joined_after = false; // only spaces between this token and the next
  std::string_view text;
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
  static constexpr std::string_view roman[]{"II", "III", "IV",  "VI", "VII", "VIII",
                                            "IX", "XI",  "XII", "XX", "XIX", "XVIII"};
  return !in_set<roman>(w);
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

bool looks_like_demonym(std::string_view w) {
  if (in_set<demonyms>(w)) return true;
  for (std::string_view end : {"ians", "ian", "eses", "ese", "ish", "stani", "stanis"})
    if (w.size() > end.size() + 2 && w.ends_with(end)) return true;
  return false;
}

class name_finder {
public:
  name_finder(const document &doc, const gazetteer &g, const name_rule_options &options)
      : doc_(doc), text_(doc.text()), options_(options),
        gaz_(options.gazetteer ? names(doc, g) : layer("names")) {}

  layer run() {
    tokenize();
    for (const auto &t : tokens_)
      if (t.capital && !t.sentence_start) known_caps_.insert(t.text);
    for (std::size_t i = 0; i < gaz_.size(); ++i)
      found_.push_back(
          {gaz_.begin(i), gaz_.end(i), std::string(gaz_.type(i)), i, *gaz_.made_by(i).confidence});
    // Which tokens a gazetteer name covers: one sweep, both in text order.
    in_gazetteer_.assign(tokens_.size(), false);
    for (std::size_t t = 0, g = 0; t < tokens_.size(); ++t) {
      while (g < gaz_.size() && gaz_.end(g) <= tokens_[t].begin)
        ++g;
      in_gazetteer_[t] = g < gaz_.size() && gaz_.begin(g) < tokens_[t].end;
    }
    for (std::size_t b = 0; b < block_tokens_.size(); ++b)
      runs_in(block_tokens_[b].first, block_tokens_[b].second, heading_[b]);
    if (options_.propagate) propagate();
    return assemble();
  }

private:
  struct found_name {
    std::size_t begin, end;
    std::string type;
    std::size_t gazetteer_index; // SIZE_MAX for a rule
    double confidence;
    bool wins = false; // over a gazetteer name of the same span
  };

  char32_t at(std::size_t i) const { // ASCII, most of any text, without the decoder's call
    const auto c = static_cast<unsigned char>(text_[i]);
    return c < 0x80 ? c : detail::decode_at(text_, i);
  }
  std::size_t next(std::size_t i) const {
    return i + detail::sequence_length(static_cast<unsigned char>(text_[i]));
  }

  void tokenize() {
    // Sentence starts in text order, passed by a cursor as the words are read.
    std::vector<std::size_t> sentence_starts;
    if (const layer *s = doc_.find_layer(sentences_layer_name)) {
      sentence_starts.assign(s->begins().begin(), s->begins().end());
      std::sort(sentence_starts.begin(), sentence_starts.end());
    }
    std::size_t next_start = 0;
    const auto starts_sentence = [&](std::size_t at) {
      while (next_start < sentence_starts.size() && sentence_starts[next_start] < at)
        ++next_start;
      return next_start < sentence_starts.size() && sentence_starts[next_start] == at;
    };
    for (const auto &b : doc_.blocks()) {
      const std::size_t first = tokens_.size();
      heading_.push_back(b.kind == block_kind::title || b.kind == block_kind::heading ||
                         b.kind == block_kind::subtitle);
      if (b.kind == block_kind::boilerplate) {
        block_tokens_.emplace_back(first, first);
        continue;
      }
      bool start = true; // the block's first word opens a sentence
      for (std::size_t i = b.begin; i < b.end;) {
        const char32_t c = at(i);
        if (!is_word_character(c)) {
          if (c == U'.' || c == U'!' || c == U'?' || c == U':' || c == U'\n') start = true;
          if (starts_sentence(i)) start = true;
          if (c == U',' && !tokens_.empty() && tokens_.size() > first) tokens_.back().comma_after = true;
          i = next(i);
          continue;
        }
        token t{i, i};
        if (starts_sentence(i)) start = true;
        while (t.end < b.end) {
          const char32_t d = at(t.end);
          if (is_word_character(d)) {
            t.end = next(t.end);
          } else if ((d == U'.' || d == U'-' || d == U'\'' || d == U'\u2019') && next(t.end) < b.end &&
                     is_word_character(at(next(t.end)))) {
            t.end = next(t.end);
          } else if (d == U'.' && t.end == next(t.begin) && is_capital_letter(at(t.begin))) {
            t.end = next(t.end); // an initial: "George H. W. Bush"
            break;
          } else if (d == U'.' && t.end - t.begin <= 3 && t.end > t.begin && is_capital_letter(at(t.begin)) &&
                     std::string_view(text_).substr(t.begin, t.end - t.begin).find('.') !=
                         std::string_view::npos) {
            t.end = next(t.end); // the last dot of "U.S."
            break;
          } else {
            break;
          }
        }
        std::string_view w = std::string_view(text_).substr(t.begin, t.end - t.begin);
        for (std::string_view s : {"'s", "\u2019s"})
          if (w.size() > s.size() && w.ends_with(s)) {
            t.end -= s.size();
            t.possessive = true;
            w = w.substr(0, w.size() - s.size());
          }
        t.text = w;
        t.capital = is_capital_letter(at(t.begin));
        t.sentence_start = start;
        start = false;
        const std::size_t after = t.possessive ? t.end + (text_[t.end] == '\'' ? 2 : 4) : t.end;
        std::size_t k = after;
        while (k < b.end && text_[k] == ' ')
          ++k;
        t.joined_after = k > after && k < b.end && is_word_character(at(k));
        i = after;
        tokens_.push_back(t);
      }
      block_tokens_.emplace_back(first, tokens_.size());
    }
  }

  bool name_word(const token &t) const {
    return t.capital && !in_set<not_names>(t.text) && !in_set<demonyms>(t.text);
  }

  void runs_in(std::size_t first, std::size_t last, bool heading) {
    for (std::size_t i = first; i < last;) {
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
          has_head = has_head || in_set<org_heads>(tokens_[h].text);
        std::size_t k = j + 1;
        while (k < last && (in_set<connectors>(tokens_[k].text) || (has_head && tokens_[k].text == "and")) &&
               tokens_[k].joined_after && k - j <= 2)
          ++k;
        if (k > j + 1 && k < last && tokens_[k].capital && tokens_[k - 1].joined_after) {
          j = k;
          continue;
        }
        break;
      }
      segment_run(i, j + 1, first, last, heading);
      i = j + 1;
    }
  }

  void segment_run(std::size_t i, std::size_t j, std::size_t first, std::size_t last, bool heading) {
    // Leading function words and titles of a sentence ("The", "While") are not part of a name.
    while (i < j && (in_set<not_names>(tokens_[i].text) || in_set<connectors>(tokens_[i].text)))
      ++i;
    // "Russian-led", "Almaty-based": a compound adjective, not part of the name after it.
    if (i < j && tokens_[i].text.find('-') != std::string_view::npos &&
        !is_capital_letter(at(tokens_[i].begin + tokens_[i].text.find('-') + 1)))
      ++i;
    while (j > i && in_set<connectors>(tokens_[j - 1].text))
      --j;
    // "the Department of State of Kazakhstan's proposal": the possessive opens another phrase.
    if (j - i >= 3 && tokens_[j - 1].possessive && tokens_[j - 2].text == "of") {
      classify(j - 1, j, first, last);
      j -= 2;
    }
    if (i >= j) return;
    // An organisation head anywhere makes the whole run (titles before it aside) one organisation.
    std::optional<std::size_t> head;
    bool other = false;
    for (std::size_t k = i; k < j; ++k) {
      if (in_set<org_heads>(tokens_[k].text)) head = k;
      other = other || in_set<other_heads>(tokens_[k].text);
    }
    if (other && !(head && *head == j - 1)) return; // a programme, treaty, exercise ...
    if (head && !heading) {
      // "Yerlan Karimov of the Eurasia Policy Forum": a person, then the organisation.
      for (std::size_t k = i + 2; k < *head; ++k) {
        if (tokens_[k].text != "of" && tokens_[k].text != "for") continue;
        bool person_like = true;
        for (std::size_t h = i; h < k; ++h)
          person_like = person_like && tokens_[h].capital && !in_set<org_heads>(tokens_[h].text) &&
                        !in_set<titles>(tokens_[h].text) && !in_gazetteer_[h];
        if (!person_like) break;
        classify(i, k, first, last);
        i = k + 1;
        while (i < j && in_set<connectors>(tokens_[i].text))
          ++i;
        break;
      }
      std::size_t s = i;
      while (s < *head && (in_set<titles>(tokens_[s].text) || in_set<connectors>(tokens_[s].text)))
        ++s;
      std::size_t real = 0; // capitalised words that are not heads: "the Centre" alone is no name
      for (std::size_t k = s; k < j; ++k)
        if (tokens_[k].capital && !in_set<org_heads>(tokens_[k].text)) ++real;
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
      if (!heading) classify(k, e, first, last);
      k = e;
      while (k < j && in_set<connectors>(tokens_[k].text))
        ++k;
    }
  }

  // Whether a title comes just before token i ("President Tokayev"), or a title and "of"
  // ("Secretary of State James Baker", "the Director of the Centre": then the word after "of"
  // is the office's domain, not the person).
  enum class title_kind { none, direct, via_of };
  title_kind title_before(std::size_t i, std::size_t first) const {
    bool via_of = false;
    for (std::size_t k = i, n = 0; k > first && n < 5; --k, ++n) {
      const token &t = tokens_[k - 1];
      if (in_set<titles>(t.text)) return via_of ? title_kind::via_of : title_kind::direct;
      if (t.text == "of") via_of = true;
      if (!t.joined_after || (!t.capital && !in_set<connectors>(t.text))) return title_kind::none;
    }
    return title_kind::none;
  }

  void classify(std::size_t i, std::size_t j, std::size_t first, std::size_t last) {
    const std::size_t i0 = i;
    // Titles inside the segment: the name is what follows the last of them ("Energy Minister
    // Serik Abenov", "Secretary of State James Baker III").
    const title_kind before_title = title_before(i, first);
    bool titled = before_title == title_kind::direct;
    // "Secretary of | State James Baker": the office's domain is not part of the name; "the
    // Director of | the Centre" names no one.
    if (before_title == title_kind::via_of && j - i >= 2) {
      titled = true;
      ++i;
    }
    for (std::size_t k = i; k < j; ++k) {
      if (!in_set<titles>(tokens_[k].text)) continue;
      titled = true;
      i = k + 1;
      if (i + 1 < j && tokens_[i].text == "of") i += 2; // "of State", "of Energy"
      while (i < j && in_set<connectors>(tokens_[i].text))
        ++i;
    }
    while (i < j && !name_word(tokens_[i]))
      ++i;
    if (i >= j) return;
    const std::size_t n = j - i;
    const token &a = tokens_[i];
    const token &z = tokens_[j - 1];
    const std::string_view before = i > first ? tokens_[i - 1].text : std::string_view{};
    const bool before_joined = i > first && tokens_[i - 1].joined_after;
    const std::string_view after = j < last ? tokens_[j].text : std::string_view{};
    const bool apposition = z.comma_after && j < last && in_set<person_roles>(after);
    const bool speaks = z.joined_after && j < last && in_set<speech>(after);
    const std::size_t b = a.begin, e = z.end;
    // "Russian Republic", "Black Sea": a place head after any capitalised word, demonyms too.
    if (in_set<place_heads>(z.text) && j - i0 > 1 && tokens_[i0].capital)
      return add_rule(tokens_[i0].begin, e, "placeName", 0.7);
    const bool demonym = n == 1 && looks_like_demonym(a.text);
    if (demonym) return;
    if (n == 1 && (in_set<org_heads>(a.text) || in_set<place_heads>(a.text))) return; // "the Centre said"
    const std::string_view after2 = j + 1 < last && z.joined_after ? tokens_[j + 1].text : std::string_view{};
    if (z.joined_after && j < last &&
        (in_set<place_nouns_after>(after) || (one_of(after, {"oil", "gas"}) && after2 == "field")))
      return add_rule(b, e, "placeName", 0.7); // "the Tengiz field", "the Irtysh valley"
    if (before_joined && before == "of" && i >= first + 2 &&
        in_set<place_nouns_before>(tokens_[i - 2].text) && n <= 3)
      return add_rule(b, e, "placeName", 0.7); // "the port of Vellmar"
    if (n == 1 && i > first && tokens_[i - 1].comma_after && in_set<org_nouns>(tokens_[i - 1].text) &&
        z.comma_after)
      return add_rule(b, e, "orgName", 0.7); // "the state broadcaster, Khabar,"
    if (before_joined && before == "of" && i >= 2 && last_person_end_ == i - 2 && n <= 3)
      return add_rule(b, e, "orgName", 0.6);                                    // "Ken Durr of Chevron"
    if (n == 1 && is_camel_case(a.text)) return add_rule(b, e, "orgName", 0.6); // KazMunaiGaz, ExxonMobil
    if (n <= 2 && in_set<regions>(z.text)) return add_rule(b, e, "placeName", 0.7);
    if (titled && n <= 4) return add_rule(b, e, "persName", 0.85);
    // Sentence-initial single words need to be capitalised elsewhere to count.
    if (n == 1 && a.sentence_start && !known_caps_.count(a.text)) return;
    if (n == 1 && is_acronym(a.text) && !(j < last && !after.empty() && after[0] >= '0' && after[0] <= '9'))
      return add_rule(b, e, "orgName", 0.6); // not a shelfmark such as "MS 1868"
    if (before_joined && before == "of" && i >= first + 2 && in_set<org_before>(tokens_[i - 2].text) &&
        n <= 3)
      return add_rule(b, e, "orgName", 0.6);
    if (a.possessive && j < last && tokens_[j].capital && n <= 2) return add_rule(b, e, "orgName", 0.6);
    if ((apposition || speaks) && n >= 2 && n <= 4) return add_rule(b, e, "persName", 0.75);
    if (before_joined && in_set<locatives>(before) && n <= 3 && !apposition && !speaks)
      return add_rule(b, e, "placeName", 0.6);
    std::size_t initials = 0; // "George H. W. Bush"
    for (std::size_t k = i; k < j; ++k)
      initials += tokens_[k].text.size() == 2 && tokens_[k].text[1] == '.';
    // After "the", capitalised words are a place or a thing, not a person ("above the Syr Darya").
    if (before_joined && one_of(before, {"a", "an", "A", "An"})) return; // "a New York syndicate"
    if (before_joined && (before == "the" || before == "The")) {
      if (i >= first + 2 && in_set<locatives>(tokens_[i - 2].text) && n <= 3)
        return add_rule(b, e, "placeName", 0.5);
      return;
    }
    if (n >= 2 && n <= 3 + std::min<std::size_t>(initials, 2)) {
      bool plain = true;
      for (std::size_t k = i; k < j; ++k)
        plain = plain && (tokens_[k].capital || in_set<connectors>(tokens_[k].text)) &&
                !looks_like_demonym(tokens_[k].text) && !is_acronym(tokens_[k].text);
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
    found_.push_back({begin, end, std::string(type), SIZE_MAX, confidence, over_gazetteer});
  }

  // Every other occurrence of a found name, and persons' surnames standing alone.
  void propagate() {
    std::map<std::string, std::pair<std::string, double>, std::less<>> known; // text -> (type, confidence)
    for (const auto &f : found_) {
      const std::string name(text_.substr(f.begin, f.end - f.begin));
      known.emplace(name, std::pair{f.type, f.confidence - 0.05});
    }
    for (const auto &f : found_) { // "Caspian Meridian Ltd" is "Caspian Meridian" too
      if (f.type != "orgName") continue;
      const auto name = text_.substr(f.begin, f.end - f.begin);
      const auto space = name.rfind(' ');
      if (space != std::string_view::npos &&
          one_of(name.substr(space + 1), {"Ltd", "Inc", "LLC", "PLC", "plc", "Corp", "AG", "GmbH", "SA"}))
        known.emplace(std::string(name.substr(0, space)), std::pair{f.type, f.confidence - 0.05});
    }
    for (const auto &f : found_) {
      if (f.type != "persName") continue;
      const auto name = text_.substr(f.begin, f.end - f.begin);
      const auto space = name.rfind(' ');
      if (space == std::string_view::npos) continue;
      std::string surname(name.substr(space + 1));
      if (surname.size() < 3 || one_of(surname, {"Jr", "Sr", "II", "III", "IV"}) ||
          in_set<org_heads>(surname) || in_set<place_heads>(surname) || in_set<not_names>(surname) ||
          in_set<titles>(surname))
        continue;
      known.emplace(surname, std::pair{std::string("persName"), f.confidence - 0.05});
    }
    std::vector<std::pair<std::size_t, std::size_t>> taken;
    for (const auto &f : found_)
      taken.emplace_back(f.begin, f.end);
    std::sort(taken.begin(), taken.end());
    const auto free = [&](std::size_t b, std::size_t e) {
      auto it = std::lower_bound(taken.begin(), taken.end(), std::pair{e, std::size_t{0}});
      while (it != taken.begin()) {
        --it;
        if (it->second > b) return false;
        if (it->first + 200 < b) break; // names are short
      }
      return true;
    };
    // The first word of each known name (views into the map's keys, which do not move): most
    // capitalised words start none, and are passed over at the cost of one hash.
    std::unordered_set<std::string_view> first_words;
    for (const auto &[name, _] : known)
      first_words.insert(std::string_view(name).substr(0, name.find_first_of(" \n")));
    std::vector<found_name> more;
    for (std::size_t t = 0; t < tokens_.size(); ++t) {
      if (!tokens_[t].capital) continue;
      if (!first_words.count(text_.substr(tokens_[t].begin, tokens_[t].end - tokens_[t].begin))) continue;
      // Longest known name starting at this token, over up to six tokens.
      std::optional<found_name> best;
      for (std::size_t u = t; u < tokens_.size() && u < t + 6; ++u) {
        if (u > t && !tokens_[u - 1].joined_after) break;
        const auto name = text_.substr(tokens_[t].begin, tokens_[u].end - tokens_[t].begin);
        const auto it = known.find(name);
        if (it != known.end())
          best = found_name{tokens_[t].begin, tokens_[u].end, it->second.first, SIZE_MAX,
                            std::max(0.5, it->second.second)};
      }
      if (best && free(best->begin, best->end)) more.push_back(*best);
    }
    for (auto &m : more)
      found_.push_back(std::move(m));
  }

  layer assemble() {
    std::sort(found_.begin(), found_.end(), [](const found_name &a, const found_name &b) {
      if (a.begin != b.begin) return a.begin < b.begin;
      if (a.end != b.end) return a.end > b.end;
      return a.wins > b.wins; // an organisation over the gazetteer's name of the same span
    });
    layer out{std::string(names_layer_name)};
    std::size_t last_end = 0;
    for (const auto &f : found_) {
      if (f.begin < last_end) continue; // names do not overlap: the first, longest, wins
      last_end = f.end;
      if (f.gazetteer_index != SIZE_MAX) {
        std::vector<attribute> attrs;
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
  std::vector<token> tokens_;
  std::vector<std::pair<std::size_t, std::size_t>> block_tokens_;
  std::vector<bool> heading_;
  std::vector<bool> in_gazetteer_;
  std::size_t last_person_end_ = SIZE_MAX;
  std::unordered_set<std::string_view> known_caps_;
  std::vector<found_name> found_;
};

} // namespace

layer find_names(const document &doc, const gazetteer &g, const name_rule_options &options) {
  return name_finder(doc, g, options).run();
}

} // namespace alinea::annotate
