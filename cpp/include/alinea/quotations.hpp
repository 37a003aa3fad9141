// SPDX-License-Identifier: MIT
// Quotations: direct speech and other quoted passages, with their speakers where the text says.
#pragma once

#include <alinea/annotate.hpp>
#include <alinea/document.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace alinea {

/// The name of the layer the quotation annotator fills.
inline constexpr std::string_view quotations_layer_name = "quotations";
/// The annotator name recorded in the provenance of every quotation it finds.
inline constexpr std::string_view quotations_annotator = "alinea.quotations";

struct quotation_options {
  /// An unattributed quotation of at most this many words, with no sentence punctuation at its
  /// end, is a scare quote ("soCalled") rather than a quotation.
  std::size_t scare_quote_max_words = 3;
  /// A quotation whose speaker the text gives only as a pronoun ("he said") is attributed to
  /// the last named speaker if that one spoke at most this many blocks before.
  std::size_t pronoun_reach_blocks = 2;
  /// The layer of persons, places and organisations (types persName, placeName, orgName) to
  /// take speakers' names from, where the document has it (annotate::find_names makes it).
  std::string names_layer = std::string(annotate::names_layer_name);
};

/**
 * Finds quoted passages in every block of `doc`: text between straight ("), curly (“ ”),
 * low-high („ “) or guillemet (« ») double quotes, the marks themselves left out of the span.
 * A quotation left open at the end of a paragraph continues in the next one if that one opens
 * with a quote mark (the newspaper convention); each paragraph's part is one annotation, and
 * the parts share the attribute `part` ("I", "M", "F": initial, medial, final, as TEI's).
 *
 * What each becomes (the annotation type):
 * - `said`, with `who`, when the text names the speaker with a verb of speech next to the
 *   quotation: `..., said Ilse Marten`, `..., Marten said`, `..., Daniel Okafor, CEO of Caspian
 *   Meridian Ltd, said`, `Erbol Japarov, from the Centre of Humanitarian Studies, noted, "..."`,
 *   `the website of the state broadcaster, Khabar, announced, "..."`, `She argued that the
 *   archives "..."`, `According to Aigerim Suleimenova, an analyst, "..."`. `who` is "#" and the
 *   speaker's name made an identifier (see speaker_id()); titles such as "President" are left
 *   out of the name. Where the document has a names layer, the speaker's name is the person or
 *   organisation annotated there, and a pronoun ("she said", "It declared") stands for the
 *   nearest person (he, she) or organisation (it) named before the quotation, outside
 *   quotations, within pronoun_reach_blocks blocks; failing that, the last named speaker.
 * - A quotation without a verb of speech in a paragraph where the quotation before it had a
 *   named speaker continues that speaker (`"...," said Marten. "It took twice as long."`).
 * - `soCalled` for a short unattributed quotation (a scare quote: the "pivot" of a policy).
 * - `q` for any other quotation.
 *
 * Provenance: quotations_annotator, the library version, and a confidence by rule (0.9 for a
 * speaker named after the quotation, 0.85 before it, 0.6 through a pronoun, 0.7 for `q`, 0.6
 * for `soCalled`). Linear in the text.
 */
layer find_quotations(const document &doc, const quotation_options &options = {});

/// The identifier made from a speaker's name: letters and digits kept, lower-cased, accented
/// Latin letters as their ASCII base letter, every other run of characters one '-': "Ilse
/// Marten" -> "ilse-marten", "Łukasz Nowak" -> "lukasz-nowak"; other scripts are kept as
/// they are.
std::string speaker_id(std::string_view name);

} // namespace alinea
