// SPDX-License-Identifier: MIT
// The names annotator: gazetteer matches, and rules for the names no gazetteer holds.
#pragma once

#include <alinea/annotate.hpp>
#include <alinea/document.hpp>

namespace alinea::annotate {

struct name_rule_options {
  /// Keep the gazetteer's matches (off: rules only, for evaluating them apart).
  bool gazetteer = true;
  /// Give every other occurrence of a name in the document the type found for it, and a
  /// person's surname standing alone the person's type.
  bool propagate = true;
};

/**
 * Finds persons, places and organisations: the gazetteer's matches first (names()), then runs
 * of capitalised words the gazetteer does not know, typed by their context:
 * - an organisation head in the run ("University", "Department", "Organization", "Ltd", ...)
 *   makes an orgName, even around a gazetteer name ("Nazarbayev University", "U.S. Department
 *   of State");
 * - a geographical head ("Sea", "River", "Mountains", ...) or a locative preposition before it
 *   ("in Almaty") makes a placeName;
 * - a title or role before it ("President", "Secretary of State", "Dr"), an apposition after
 *   it (", CEO of", ", who"), a verb of speech, or two or three capitalised words in running
 *   text make a persName; titles are left out of the span;
 * - an acronym of two to six capitals makes an orgName; a word after "CEO of" or before a
 *   possessive and a person ("Chevron's Richard Matzke") an orgName.
 * A capitalised word that opens a sentence counts only if it is capitalised elsewhere in the
 * document too. Demonyms ("Kazakh", "Americans"), months, weekdays and function words are never
 * names. Then, with `propagate`, every other occurrence of a found name takes its type.
 *
 * Returns the layer "names" (types persName, placeName, orgName; `ref` and `key` from the
 * gazetteer), provenance names_annotator with a confidence per rule (0.9 gazetteer, 0.85 title,
 * 0.8 organisation head, 0.75 apposition or speech, 0.7 place head, 0.6 for the weaker rules,
 * propagated names the confidence of their source less 0.05).
 */
layer find_names(const document &doc, const gazetteer &g = gazetteer::builtin(),
                 const name_rule_options &options = {});

} // namespace alinea::annotate
