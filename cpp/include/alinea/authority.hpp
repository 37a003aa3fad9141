// SPDX-License-Identifier: MIT
// The authority list: one entry per person, place or organisation across a corpus, grouping
// the mentions of each even where their spellings differ.
#pragma once

#include <alinea/annotate.hpp>
#include <alinea/document.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace alinea {

/// The layer whose persName, placeName and orgName annotations are grouped: the names
/// annotator's.
using annotate::names_layer_name;

/// One mention: document `document` (its index in the corpus), annotation `annotation` (its
/// storage index in the names layer), and the name as written there.
struct authority_mention {
  std::size_t document = 0;
  std::size_t annotation = 0;
  std::string name;
  friend bool operator==(const authority_mention &, const authority_mention &) = default;
};

/// One entity: a person (type persName), place (placeName) or organisation (orgName).
struct authority_entry {
  std::string id;                    ///< an xml:id: "nazarbayev", "kazakhstan", "chevron-2" ...
  std::string type;                  ///< persName, placeName or orgName
  std::string name;                  ///< the preferred name: the fullest form, then the most frequent
  std::vector<std::string> variants; ///< every form written, the preferred name first, then by first use
  std::vector<std::string> refs;     ///< external identifiers the mentions carried (their `ref`)
  std::vector<authority_mention> mentions; ///< in corpus order
};

/// Why two mentions were put in one entry (or kept apart), for the user to check.
struct authority_decision {
  std::string
      rule; ///< same-name, same-ref, transliteration, surname, one-letter, user-merge, user-split, ...
  std::string first; ///< the names the rule joined (or kept apart)
  std::string second;
  std::string evidence;         ///< what the rule saw: the shared spelling key, the shared context ...
  bool merged = true;           ///< false for a decision to keep apart
  std::size_t entry = SIZE_MAX; ///< for a join, the index in authority_list::entries of the entry it made
};

/// The user's corrections: names to merge and names to keep apart, whatever the rules say. A
/// name matches a mention written exactly so (any type).
struct authority_overrides {
  std::vector<std::pair<std::string, std::string>> merges;
  std::vector<std::pair<std::string, std::string>> splits;
  /// Reads a file of lines "merge<TAB>NAME<TAB>NAME" and "split<TAB>NAME<TAB>NAME"; '#' starts
  /// a comment line; blank lines are ignored. Throws parse_error (A005 position) on a bad line.
  static authority_overrides from_tsv(std::string_view tsv, std::string_view source_name = {});
};

struct authority_options {
  /// Join names whose transliteration keys agree (Nazarbaev / Nazarbayev, Kazakstan / Kazakhstan).
  bool transliteration = true;
  /// Join person names that differ by one letter of the surname (Derr / Durr) when they share a
  /// first name and a context: another entity named in the same paragraph.
  bool one_letter = true;
  authority_overrides overrides;
};

struct authority_list {
  std::vector<authority_entry> entries; ///< persons, then places, then organisations; each by first mention
  std::vector<authority_decision> decisions;
  /// For each document, for each annotation of its names layer (storage index), the entry it
  /// belongs to, or SIZE_MAX for annotations that are not persName, placeName or orgName.
  std::vector<std::vector<std::size_t>> entry_of;
};

/**
 * Groups the persName, placeName and orgName annotations of the names layer of every document
 * into entries. Rules, each recorded in `decisions` when it joins two different spellings:
 * - same-ref: mentions with the same `ref` are one entity; mentions with different `ref`s never are;
 * - same-name: the same name, case and punctuation aside ("U.S." and "US"), in one type;
 * - transliteration: the same spelling key (diacritics folded, kh/k, zh/j, ph/f, doubled
 *   letters, a y between vowels, final -iy/-yi): Nazarbaev and Nazarbayev;
 * - surname: a one-word person mention in a document where exactly one fuller name of a person
 *   ends with that word ("Nazarbaev" after "Nursultan Nazarbaev");
 * - one-letter: person names of as many words, the same first name, surnames of five letters or
 *   fewer differing in one letter (or longer ones in at most one), and another entity named near
 *   both (Ken Derr / Ken Durr, both beside Chevron).
 * Two people with different first names are never joined. The user's overrides come last:
 * splits forbid a join of the two names, merges force one.
 */
authority_list build_authority(std::span<const document *const> corpus,
                               const authority_options &options = {});

/// A copy of the names layer of `doc` (document `index` of the corpus `list` was built from)
/// in which every grouped mention has `ref` = "#" + its entry's id (an external `ref` it had
/// moves to the entry). Throws argument_error (A005) if `doc` has no names layer or it does
/// not match the list.
layer with_authority_refs(const document &doc, std::size_t index, const authority_list &list);

/// The list as a TEI P5 document of its own: a teiHeader, then standOff with listPerson,
/// listPlace and listOrg (person/persName, place/placeName, org/orgName for every variant,
/// idno for each external ref), and a note per entry giving the rules that grouped it.
std::string authority_to_tei(const authority_list &list, std::string_view title = "Authority list");

/// The spelling key used by the transliteration rule, exposed for tests and explanation.
std::string transliteration_key(std::string_view name);

} // namespace alinea
