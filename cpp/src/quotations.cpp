// SPDX-License-Identifier: MIT
// The quotation annotator: pairs quote marks block by block, then reads the words around each
// quotation for a verb of speech and the name of its subject.
#include <alinea/detail/utf8.hpp>
#include <alinea/quotations.hpp>
#include <alinea/version.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace alinea {
namespace {

constexpr char32_t straight_quote = U'"';

bool opens(char32_t c) {
  return c == U'\u201C' || c == U'\u201E' || c == U'\u00AB';
}
bool closes(char32_t c) {
  return c == U'\u201D' || c == U'\u00BB';
}

using detail::is_capital_letter;

bool is_word_char(char32_t c) {
  return detail::is_word_character(c);
}

// A word of a block: byte span and whether it starts with a capital letter.
struct word {
  std::size_t begin, end;
  bool capital;
};

constexpr std::array speech_verbs{
    "said",       "says",         "say",       "noted",     "notes",     "added",     "adds",
    "told",       "tells",        "announced", "announces", "declared",  "declares",  "stated",
    "states",     "explained",    "explains",  "argued",    "argues",    "asked",     "asks",
    "replied",    "replies",      "wrote",     "writes",    "insisted",  "insists",   "warned",
    "warns",      "claimed",      "claims",    "remarked",  "observed",  "commented", "recalled",
    "recalls",    "acknowledged", "admitted",  "conceded",  "continued", "concluded", "suggested",
    "confirmed",  "promised",     "predicted", "urged",     "responded", "quipped",   "emphasised",
    "emphasized", "stressed",     "reported",  "reports",   "insisted",  "wondered",  "exclaimed"};

constexpr std::array titles{
    "President", "Vice",       "Prime", "Minister",  "Secretary",      "Senator",   "Mr",
    "Mrs",       "Ms",         "Dr",    "Professor", "Prof",           "General",   "Ambassador",
    "Chairman",  "Chairwoman", "Chair", "Mayor",     "Governor",       "King",      "Queen",
    "Sir",       "Dame",       "Judge", "Justice",   "Representative", "Rep",       "Sen",
    "Gen",       "Foreign",    "State", "Deputy",    "Chief",          "Executive", "Councillor",
    "Councilor", "Director",   "CEO"};

// Capitalised words that start sentences or clauses and are not names.
constexpr std::array not_names{
    "The",     "A",         "An",    "But",    "And",   "While",  "When",     "In",   "On",   "At",
    "As",      "If",        "It",    "This",   "That",  "These",  "Those",    "Then", "So",   "Yet",
    "Or",      "For",       "After", "Before", "Since", "During", "Still",    "Even", "Also", "Meanwhile",
    "However", "Currently", "Today", "He",     "She",   "They",   "We",       "I",    "You",  "Its",
    "His",     "Her",       "Their", "Our",    "My",    "Asked",  "According"};

constexpr std::array pronouns{"he", "she", "they", "He", "She", "They"};
constexpr std::array connectors{"de", "van", "von", "der", "bin", "al", "da", "di", "le", "la", "du", "del"};

template <std::size_t N> bool in(const std::array<const char *, N> &set, std::string_view w) {
  return std::any_of(set.begin(), set.end(), [&](const char *s) { return w == s; });
}

class quotation_finder {
public:
  quotation_finder(const document &doc, const quotation_options &options)
      : doc_(doc), text_(doc.text()), options_(options), out_(std::string(quotations_layer_name)) {
    if (const layer *names = doc.find_layer(options.names_layer)) {
      for (const auto i : names->document_order()) {
        const auto type = names->type(i);
        // Overlapping names (a user's layer may have them) keep the first, longest one, so
        // that starts and ends are both in order.
        const bool overlaps = !names_.empty() && names->begin(i) < names_.back().end;
        if ((type == "persName" || type == "orgName" || type == "placeName") && !overlaps)
          names_.push_back({names->begin(i), names->end(i), std::string(type)});
      }
    }
  }

  layer run() {
    const auto blocks = doc_.blocks();
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      if (blocks[k].kind == block_kind::boilerplate) continue;
      block_index_ = k;
      scan_block(blocks[k], k + 1 < blocks.size() ? &blocks[k + 1] : nullptr);
    }
    return std::move(out_);
  }

private:
  struct name_span {
    std::size_t begin, end;
    std::string type;
  };
  // One quotation part: the span inside the marks, and where the marks are.
  struct part {
    std::size_t open_mark, begin, end, close_mark_end;
  };

  char32_t at(std::size_t i) const { // ASCII, most of any text, without the decoder's call
    const auto c = static_cast<unsigned char>(text_[i]);
    return c < 0x80 ? c : detail::decode_at(text_, i);
  }
  std::size_t next(std::size_t i) const {
    return i + detail::sequence_length(static_cast<unsigned char>(text_[i]));
  }
  std::size_t previous(std::size_t i) const { // start of the character before byte i (i > 0)
    do
      --i;
    while (i > 0 && detail::is_continuation(static_cast<unsigned char>(text_[i])));
    return i;
  }

  void scan_block(const block &b, const block *following) {
    std::optional<std::size_t> open_at; // byte of the opening mark
    std::size_t open_len = 0;
    for (std::size_t i = b.begin; i < b.end; i = next(i)) {
      const char32_t c = at(i);
      const bool straight = c == straight_quote;
      if (!open_at && (opens(c) || straight)) {
        open_at = i;
        open_len = next(i) - i;
      } else if (open_at && (closes(c) || straight || (c == U'\u201C' && at(*open_at) == U'\u201E'))) {
        parts_.push_back({*open_at, *open_at + open_len, i, next(i)});
        finish_quotation(b);
        open_at.reset();
      } else if (open_at && opens(c)) { // a new opening before a close: the first was stray
        open_at = i;
        open_len = next(i) - i;
      }
    }
    if (!open_at) {
      parts_.clear();
      return;
    }
    // Left open: it continues if the next paragraph opens with a quote mark; otherwise the
    // mark was stray (an inch sign, a typo) and nothing is annotated.
    std::size_t end = b.end;
    while (end > *open_at + open_len && (text_[end - 1] == ' ' || text_[end - 1] == '\n'))
      --end;
    if (following && following->begin < following->end && is_numbered(following->kind) &&
        (opens(at(following->begin)) || at(following->begin) == straight_quote)) {
      parts_.push_back({*open_at, *open_at + open_len, end, end});
      carried_ = true;
    } else {
      parts_.clear();
    }
  }

  // Called when the last part of a quotation closes (and for each closing: parts_ holds the
  // parts of a quotation carried over from earlier paragraphs too).
  void finish_quotation(const block &b) {
    // A carried quotation is resumed by the opening mark of this paragraph: the part just
    // closed belongs to it. Otherwise parts_ holds only this part.
    if (!carried_ && parts_.size() > 1) parts_.erase(parts_.begin(), parts_.end() - 1);
    carried_ = false;
    const part &first = parts_.front();
    const part &last = parts_.back();
    double confidence = 0.0;
    attribution found = speaker_after(last.close_mark_end, b.end);
    if (found.speech) {
      confidence = found.name.empty() ? 0.6 : 0.9;
    } else {
      found = speaker_before(first.open_mark, b.begin);
      confidence = found.name.empty() ? 0.6 : 0.85;
    }
    const bool speech = found.speech;
    std::string who;
    if (speech) {
      if (found.name.empty() && !found.pronoun.empty()) found.name = resolve(found.pronoun, first.open_mark);
      if (!found.name.empty()) {
        who = "#" + speaker_id(found.name);
        last_speaker_ = who;
        last_speaker_block_ = block_index_;
      } else if (!last_speaker_.empty() &&
                 block_index_ - last_speaker_block_ <= options_.pronoun_reach_blocks) {
        who = last_speaker_;
        confidence = 0.6;
      }
    }
    // A quotation with no verb of speech, in the paragraph where the one before it had a named
    // speaker, goes on with that speaker: "...," said Marten, who chairs it. "It took...".
    bool continued = false;
    if (!speech && !last_speaker_.empty() && last_speaker_block_ == block_index_ &&
        last_quotation_block_ == block_index_ && last_was_said_) {
      continued = true;
      who = last_speaker_;
      confidence = 0.75;
    }
    last_quotation_block_ = block_index_;
    last_was_said_ = (speech || continued) && !who.empty();
    std::string_view type = "q";
    if (speech || continued) {
      type = "said";
    } else if (is_scare_quote(first.begin, last.end) && parts_.size() == 1) {
      type = "soCalled";
      confidence = 0.6;
    } else {
      confidence = 0.7;
    }
    static constexpr std::array part_names{"I", "M", "F"};
    for (std::size_t k = 0; k < parts_.size(); ++k) {
      std::vector<attribute> attrs;
      if (!who.empty()) attrs.push_back({"who", who});
      if (parts_.size() > 1)
        attrs.push_back({"part", part_names[k == 0 ? 0 : (k + 1 == parts_.size() ? 2 : 1)]});
      out_.add(parts_[k].begin, parts_[k].end, type, attrs,
               provenance{quotations_annotator, version, confidence});
    }
    parts_.clear();
  }

  bool is_scare_quote(std::size_t begin, std::size_t end) const {
    std::size_t words = 0;
    bool in_word = false;
    char32_t last = 0;
    for (std::size_t i = begin; i < end; i = next(i)) {
      const char32_t c = at(i);
      const bool w = is_word_char(c);
      if (w && !in_word) ++words;
      in_word = w || c == U'\'' || c == U'\u2019' || c == U'-';
      if (c != U' ') last = c;
    }
    return words > 0 && words <= options_.scare_quote_max_words && last != U'.' && last != U'!' &&
           last != U'?' && last != U',';
  }

  // The word starting at byte i (i at a word character), or the one ending right before i.
  word word_from(std::size_t i, std::size_t limit) const {
    word w{i, i, is_capital_letter(at(i))};
    while (w.end < limit) {
      const char32_t c = at(w.end);
      if (is_word_char(c)) {
        w.end = next(w.end);
      } else if ((c == U'\'' || c == U'\u2019' || c == U'-' || c == U'.') && next(w.end) < limit &&
                 is_word_char(at(next(w.end)))) {
        w.end = next(w.end); // O'Brien, Kassym-Jomart, U.S.
      } else {
        break;
      }
    }
    return w;
  }
  word word_before(std::size_t i, std::size_t floor) const {
    std::size_t b = i;
    while (b > floor) {
      const std::size_t p = previous(b);
      const char32_t c = at(p);
      if (is_word_char(c) || ((c == U'\'' || c == U'\u2019' || c == U'-' || c == U'.') && p > floor &&
                              is_word_char(at(previous(p))) && b < i))
        b = p;
      else
        break;
    }
    return word{b, i, b < i && is_capital_letter(at(b))};
  }
  std::string_view view(const word &w) const {
    return std::string_view(text_).substr(w.begin, w.end - w.begin);
  }

  std::size_t skip_spaces(std::size_t i, std::size_t limit) const {
    while (i < limit && (text_[i] == ' ' || text_[i] == '\n'))
      ++i;
    return i;
  }
  std::size_t skip_spaces_back(std::size_t i, std::size_t floor) const {
    while (i > floor && (text_[i - 1] == ' ' || text_[i - 1] == '\n'))
      --i;
    return i;
  }

  // A name read forwards from byte i: capitalised words (and connectors between them), titles
  // dropped from its start. Empty if the first word is not capitalised.
  std::string_view name_after(std::size_t i, std::size_t limit) const {
    std::size_t begin = std::string_view::npos, end = i;
    for (std::size_t k = 0; k < 8; ++k) {
      const std::size_t s = skip_spaces(end, limit);
      if (s >= limit || !is_word_char(at(s))) break;
      if (k > 0 && s == end) break;
      const word w = word_from(s, limit);
      const auto v = view(w);
      if (begin == std::string_view::npos && (in(titles, v) || v == "of" || v == "the")) {
        end = w.end;
        continue;
      }
      if (!w.capital && !(in(connectors, v) && begin != std::string_view::npos)) break;
      if (begin == std::string_view::npos) begin = w.begin;
      end = w.end;
    }
    if (begin == std::string_view::npos) return {};
    std::string_view name = std::string_view(text_).substr(begin, end - begin);
    while (!name.empty() && name.back() == '.')
      name.remove_suffix(1);
    return name;
  }

  // A name read backwards, ending at byte i.
  std::string_view name_before(std::size_t i, std::size_t floor) const {
    std::size_t begin = i, end = std::string_view::npos;
    for (std::size_t k = 0; k < 8; ++k) {
      const std::size_t e = skip_spaces_back(begin, floor);
      if (e <= floor || !is_word_char(at(previous(e)))) break;
      if (k > 0 && e == begin) break;
      const word w = word_before(e, floor);
      const auto v = view(w);
      if (!w.capital && !(in(connectors, v) && end != std::string_view::npos)) break;
      if (in(not_names, v) || in(titles, v)) break;
      if (end == std::string_view::npos) end = w.end;
      begin = w.begin;
    }
    if (end == std::string_view::npos) return {};
    std::string_view name = std::string_view(text_).substr(begin, end - begin);
    // A connector cannot start a name ("de Gaulle" aside, which keeps its capital).
    while (!name.empty() && !is_capital_letter(at(static_cast<std::size_t>(name.data() - text_.data())))) {
      const auto space = name.find(' ');
      if (space == std::string_view::npos) return {};
      name.remove_prefix(space + 1);
    }
    return name;
  }

  // What the words around a quotation say of its speaker: whether a verb of speech is there,
  // the speaker's name if given, or else the pronoun that stands for it.
  struct attribution {
    bool speech = false;
    std::string_view name;
    std::string_view pronoun;
  };

  // The name annotation (names layer) ending at `end`, or starting at `begin`.
  // Names do not overlap, so their ends are in order as their starts are: binary searches.
  const name_span *name_ending_at(std::size_t end) const {
    const auto it = std::lower_bound(names_.begin(), names_.end(), end,
                                     [](const name_span &n, std::size_t e) { return n.end < e; });
    return it != names_.end() && it->end == end ? &*it : nullptr;
  }
  // Reverse iterator to the last name that starts before byte `at`.
  std::vector<name_span>::const_reverse_iterator last_name_before(std::size_t at) const {
    const auto it = std::lower_bound(names_.begin(), names_.end(), at,
                                     [](const name_span &n, std::size_t b) { return n.begin < b; });
    return std::vector<name_span>::const_reverse_iterator(it);
  }
  const name_span *name_starting_at(std::size_t begin) const {
    const auto it = std::lower_bound(names_.begin(), names_.end(), begin,
                                     [](const name_span &n, std::size_t b) { return n.begin < b; });
    return it != names_.end() && it->begin == begin ? &*it : nullptr;
  }
  // The annotated name that overlaps `candidate` (a name found by the capitals), if any.
  std::string_view snapped(std::string_view candidate) const {
    if (candidate.empty()) return candidate;
    const std::size_t b = static_cast<std::size_t>(candidate.data() - text_.data()), e = b + candidate.size();
    for (const auto &n : names_)
      if (n.begin < e && b < n.end && n.type != "placeName")
        return std::string_view(text_).substr(n.begin, n.end - n.begin);
    return candidate;
  }
  std::string_view text_of(const name_span &n) const {
    return std::string_view(text_).substr(n.begin, n.end - n.begin);
  }

  // From byte i (after a name), past an apposition ", CEO of Caspian Meridian Ltd," if there is
  // one, to the next word; or npos.
  std::size_t past_apposition(std::size_t i, std::size_t limit) const {
    std::size_t t = skip_spaces(i, limit);
    if (t >= limit || text_[t] != ',') return t;
    std::size_t words = 0;
    for (std::size_t k = t + 1; k < limit && words < 16; ++k) {
      if (text_[k] == ' ') ++words;
      if (text_[k] == '.' || text_[k] == '"' || opens(at(k)) || closes(at(k))) return std::string_view::npos;
      if (text_[k] == ',') return skip_spaces(k + 1, limit);
    }
    return std::string_view::npos;
  }

  bool speech_verb_at(std::size_t t, std::size_t limit) const {
    return t < limit && is_word_char(at(t)) && in(speech_verbs, view(word_from(t, limit)));
  }

  // After a closing mark: `, said NAME`, `NAME said`, `NAME, APPOSITION, said`, `he said`.
  attribution speaker_after(std::size_t i, std::size_t limit) const {
    attribution a;
    std::size_t s = skip_spaces(i, limit);
    if (s < limit && (text_[s] == ',' || text_[s] == ';')) s = skip_spaces(s + 1, limit);
    if (s >= limit || !is_word_char(at(s))) return a;
    const word w1 = word_from(s, limit);
    const auto v1 = view(w1);
    if (in(speech_verbs, v1)) { // ", said Ilse Marten"
      a.speech = true;
      const std::size_t t = skip_spaces(w1.end, limit);
      if (const auto *n = name_starting_at(t)) {
        a.name = text_of(*n);
      } else {
        a.name = snapped(name_after(w1.end, limit));
        if (a.name.empty() && t < limit && is_word_char(at(t)) && in(pronouns, view(word_from(t, limit))))
          a.pronoun = view(word_from(t, limit)); // "said he"
      }
      return a;
    }
    if (in(pronouns, v1) || v1 == "it" || v1 == "It") {
      a.speech = speech_verb_at(skip_spaces(w1.end, limit), limit);
      if (a.speech) a.pronoun = v1;
      return a;
    }
    // "Marten said", "Ilse Marten, who chairs it, said", "the minister said"
    std::string_view name;
    if (const auto *n = name_starting_at(s))
      name = text_of(*n);
    else if (w1.capital)
      name = snapped(name_after(w1.begin, limit));
    std::size_t after =
        name.empty() ? w1.end : static_cast<std::size_t>(name.data() - text_.data()) + name.size();
    if (name.empty() && !w1.capital) { // a common noun phrase of up to three words
      for (int k = 0; k < 2; ++k) {
        const std::size_t t = skip_spaces(after, limit);
        if (t >= limit || !is_word_char(at(t))) break;
        const word w = word_from(t, limit);
        if (in(speech_verbs, view(w))) break;
        after = w.end;
      }
    }
    std::size_t t = skip_spaces(after, limit);
    if (!speech_verb_at(t, limit) && !name.empty()) t = past_apposition(after, limit);
    if (t != std::string_view::npos && speech_verb_at(t, limit)) {
      a.speech = true;
      a.name = name;
    }
    return a;
  }

  // The subject of the verb of speech that starts at byte `verb_begin`: a name right before it,
  // the name before an apposition, an apposition that is a name itself, a pronoun, or the
  // nearest name earlier in the clause ("A spokesman for the US Department of Energy said").
  attribution subject_of(std::size_t verb_begin, std::size_t floor) const {
    attribution a;
    a.speech = true;
    std::size_t before = skip_spaces_back(verb_begin, floor);
    if (const auto *n = name_ending_at(before)) {
      a.name = text_of(*n);
      return a;
    }
    if (before > floor && is_word_char(at(previous(before)))) {
      const auto w = view(word_before(before, floor));
      if (in(pronouns, w) || w == "it" || w == "It") {
        a.pronoun = w;
        return a;
      }
    }
    if (before > floor && text_[before - 1] == ',') { // an apposition between commas
      const std::size_t inner_end = skip_spaces_back(before - 1, floor);
      std::size_t comma = inner_end;
      std::size_t words = 0;
      while (comma > floor && text_[comma - 1] != ',' && words < 30) {
        if (text_[comma - 1] == ' ') ++words;
        --comma;
        if (text_[comma] == '.' && comma + 1 < text_.size() && text_[comma + 1] == ' ')
          break; // a sentence end
      }
      if (comma > floor && text_[comma - 1] == ',') {
        // The apposition is the name ("the broadcaster, Khabar, announced"; "the Director of
        // the Centre, Dr Miriam Achterberg, noted") or follows it ("Erbol Japarov, from ...,").
        const std::size_t inner_start = skip_spaces(comma, inner_end);
        if (const auto *n = name_ending_at(inner_end);
            n && n->begin >= inner_start && n->type != "placeName" && only_titles(inner_start, n->begin)) {
          a.name = text_of(*n);
          return a;
        }
        const std::string_view inner = name_before(inner_end, comma);
        if (!inner.empty() && static_cast<std::size_t>(inner.data() - text_.data()) == inner_start) {
          a.name = snapped(inner);
          return a;
        }
        const std::size_t outer = skip_spaces_back(comma - 1, floor);
        if (const auto *n = name_ending_at(outer)) {
          a.name = text_of(*n);
          return a;
        }
        a.name = snapped(name_before(comma - 1, floor));
        return a;
      }
    }
    a.name = snapped(name_before(verb_begin, floor));
    if (!a.name.empty()) return a;
    // The nearest name earlier in the same clause.
    for (auto it = last_name_before(verb_begin); it != names_.rend(); ++it) {
      if (it->end > verb_begin) continue;
      if (it->begin < floor) break;
      const auto between = std::string_view(text_).substr(it->end, verb_begin - it->end);
      if (between.find_first_of(".;!?") != std::string_view::npos || between.size() > 80) break;
      if (it->type != "placeName") {
        a.name = text_of(*it);
        return a;
      }
    }
    return a;
  }

  // True if [b, e) holds only titles and spaces ("Dr ", "President ").
  bool only_titles(std::size_t b, std::size_t e) const {
    for (std::size_t t = skip_spaces(b, e); t < e; t = skip_spaces(t, e)) {
      if (!is_word_char(at(t))) return false;
      const word w = word_from(t, e);
      if (!in(titles, view(w))) return false;
      t = w.end;
      if (t < e && text_[t] == '.') ++t;
    }
    return true;
  }

  // Before an opening mark: `NAME said, "`, `NAME, APPOSITION, noted: "`, `She argued that the
  // archives "`, `According to NAME, a political analyst, "`.
  attribution speaker_before(std::size_t open_mark, std::size_t floor) const {
    attribution none;
    // The clause before the mark: back to the sentence's start or another quotation.
    std::size_t clause = open_mark;
    while (clause > floor) {
      const std::size_t p = previous(clause);
      const char32_t c = at(p);
      if (c == U'.' || c == U'!' || c == U'?' || c == straight_quote || opens(c) || closes(c)) break;
      clause = p;
    }
    // A verb of speech among the last words before the mark.
    std::size_t e = skip_spaces_back(open_mark, clause);
    if (e > clause && (text_[e - 1] == ',' || text_[e - 1] == ':')) e = skip_spaces_back(e - 1, clause);
    for (int k = 0; k < 28 && e > clause && is_word_char(at(previous(e))); ++k) {
      const word w = word_before(e, clause);
      const auto v = view(w);
      if (in(speech_verbs, v)) return subject_of(w.begin, floor);
      if (v == "to" && w.begin > clause) { // "According to NAME, ..."
        const std::size_t u = skip_spaces_back(w.begin, clause);
        if (u > clause) {
          const auto according = view(word_before(u, clause));
          if (according == "according" || according == "According") {
            attribution a;
            a.speech = true;
            for (const auto &n : names_)
              if (n.begin >= w.end && n.end <= open_mark) {
                a.name = text_of(n);
                return a;
              }
            a.name = snapped(name_after(w.end, open_mark));
            return a;
          }
        }
      }
      e = skip_spaces_back(w.begin, clause);
      if (e > clause && text_[e - 1] == ',') e = skip_spaces_back(e - 1, clause);
    }
    return none;
  }

  // The entity a pronoun before `at` stands for: the nearest person (he, she) or organisation
  // (it), or either (they), named before it outside quotations, within reach.
  std::string_view resolve(std::string_view pronoun, std::size_t at_byte) const {
    const bool it = pronoun == "it" || pronoun == "It";
    const bool they = pronoun == "they" || pronoun == "They";
    const auto blocks = doc_.blocks();
    const std::size_t reach_block =
        block_index_ > options_.pronoun_reach_blocks ? block_index_ - options_.pronoun_reach_blocks : 0;
    const std::size_t floor = blocks[reach_block].begin;
    for (auto n = last_name_before(at_byte); n != names_.rend(); ++n) {
      if (n->begin >= at_byte) continue;
      if (n->end <= floor) break;
      if (inside_quotation(n->begin)) continue;
      if ((it && n->type == "orgName") || (!it && n->type == "persName") || (they && n->type == "orgName"))
        return text_of(*n);
    }
    return {};
  }
  bool inside_quotation(std::size_t pos) const {
    // Quotations are found in text order and do not overlap: the last one starting at or
    // before pos is the only candidate.
    const auto begins = out_.begins();
    const auto it = std::upper_bound(begins.begin(), begins.end(), pos);
    if (it != begins.begin()) {
      const std::size_t i = static_cast<std::size_t>(it - begins.begin()) - 1;
      if (pos < out_.end(i)) return true;
    }
    for (const auto &p : parts_)
      if (p.begin <= pos && pos < p.end) return true;
    return false;
  }

  const document &doc_;
  std::string_view text_;
  const quotation_options &options_;
  layer out_;
  std::vector<part> parts_;
  std::vector<name_span> names_; // persons, places, organisations of the names layer, in order
  bool carried_ = false;
  std::string last_speaker_;
  std::size_t last_speaker_block_ = 0;
  std::size_t last_quotation_block_ = SIZE_MAX;
  bool last_was_said_ = false;
  std::size_t block_index_ = 0;
};

} // namespace

std::string speaker_id(std::string_view name) {
  std::string id;
  bool gap = false;
  for (std::size_t i = 0; i < name.size();) {
    const auto len = detail::sequence_length(static_cast<unsigned char>(name[i]));
    const char32_t c = detail::decode_at(name, i);
    if (is_word_char(c)) {
      if (gap && !id.empty()) id += '-';
      gap = false;
      if (c < 0x80)
        id += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      else if (const char base = detail::ascii_base_letter(c))
        id += base; // the same id whether or not a text keeps the accents
      else
        id.append(name.substr(i, len));
    } else {
      gap = true;
    }
    i += len;
  }
  return id.empty() ? std::string("speaker") : id;
}

layer find_quotations(const document &doc, const quotation_options &options) {
  return quotation_finder(doc, options).run();
}

} // namespace alinea
