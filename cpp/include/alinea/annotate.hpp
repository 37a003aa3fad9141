// SPDX-License-Identifier: MIT
// Built-in annotators: dates (normalized to TEI @when, @from/@to, @notBefore/@notAfter) and
// names found by a gazetteer (TEI persName, placeName, orgName with @ref and @key).
#pragma once

#include <alinea/document.hpp>
#include <alinea/layer.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace alinea::annotate {

/// The layer the dates annotator makes: annotations of type "date".
inline constexpr std::string_view dates_layer_name = "dates";
/// The layer the names annotator makes: annotations of type persName, placeName or orgName.
inline constexpr std::string_view names_layer_name = "names";
/// The annotator names recorded in the provenance of every annotation.
inline constexpr std::string_view dates_annotator = "alinea.dates";
inline constexpr std::string_view names_annotator = "alinea.names";

/// A calendar date; `month` and `day` are 0 where unknown (a year, or a year and month).
struct civil_date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const civil_date &, const civil_date &) = default;
};

/// A named event whose date the name alone does not say ("World War II"): its name as written
/// (matched exactly, on word boundaries) and its date as TEI attributes: `when`, or `from` and
/// `to`.
struct date_event {
  std::string name;
  std::string when, from, to;
};

/// The built-in events: wars, revolutions and other events of modern history whose dates are
/// not in dispute (docs/annotators.md lists them).
std::span<const date_event> builtin_date_events() noexcept;

/// What the dates annotator looks for.
struct date_options {
  /// When the document was written. Given, relative expressions ("last year", "two years
  /// ago", "yesterday") are normalized against it as far as its precision allows; absent,
  /// they are marked (type="relative") but carry no date.
  std::optional<civil_date> document_date;
  /// Years standing alone, without a word such as "in" or "since" before them or a range
  /// around them, are marked only in [min_year, max_year] (and with a lower confidence).
  /// Years in context ("in 1066") and full dates are marked from year 1 to 9999.
  int min_year = 1500;
  int max_year = 2100;
  /// Mark years that stand alone at all (with the lower confidence).
  bool bare_years = true;
  /// Mark relative expressions.
  bool relative = true;
  /// Mark the built-in named events (builtin_date_events()), and these as well.
  bool builtin_events = true;
  std::vector<date_event> events;
};

/**
 * Finds dates in `doc.text()` and returns them as a layer named "dates" of annotations of
 * type "date", each with provenance "alinea.dates", the library version and a confidence that
 * depends on the rule that found it (docs/annotators.md lists them). Attributes: `when`
 * (ISO 8601: "2002", "2002-03", "2002-03-12"; "--03-12" for a day without a year), `from` and
 * `to` for ranges, `notBefore` and `notAfter` for decades and centuries, and `type="relative"`
 * for relative expressions. Linear in the text; byte offsets.
 *
 *     doc.put_layer(alinea::annotate::dates(doc));
 */
layer dates(const document &doc, const date_options &options = {});
/// The same over any UTF-8 text; offsets are bytes of `text`.
layer dates(std::string_view text, const date_options &options = {});

/// One entity of a gazetteer: its canonical name, other names it goes by, its TEI type
/// ("persName", "placeName" or "orgName"), and an identifier for @ref (such as
/// "http://www.wikidata.org/entity/Q232"), empty if unknown.
struct gazetteer_entry {
  std::string name;
  std::string type;
  std::string ref;
  std::vector<std::string> variants;
  /// The confidence of a match of this entry in [0, 1]; absent: the gazetteer's default.
  std::optional<double> confidence;
};

struct gazetteer_options {
  /// Match ASCII letters regardless of case (other characters always match exactly).
  bool ascii_case_insensitive = false;
  /// Confidence of a match of an entry that gives none.
  double default_confidence = 0.9;
};

/**
 * A set of names compiled into a trie that is walked from every word start of a text: a
 * match starts and ends at word boundaries (a letter or digit on both sides of a boundary is
 * not one), matches are leftmost-longest and never overlap, and a run of white space in the
 * text matches one space of a name. Immutable; copies share the compiled matcher.
 *
 * Where two entries share a name (or a variant), the first entry given wins.
 */
class gazetteer {
public:
  /// An empty gazetteer that matches nothing.
  gazetteer();
  /// Compiles the entries. Throws argument_error (A005) if an entry has an empty name, a type
  /// other than persName, placeName or orgName, or a name, variant or ref that is not valid
  /// UTF-8 XML text, or a confidence outside [0, 1].
  explicit gazetteer(std::vector<gazetteer_entry> entries, gazetteer_options options = {});

  /**
   * Reads a gazetteer from tab-separated text: one entry a line, columns name, type, ref
   * (may be empty), variants separated by '|' (may be absent). Blank lines and lines starting
   * with '#' are skipped, as is a first line "name<TAB>type...". Throws parse_error naming
   * `source_name`, the line and column: A001 for invalid UTF-8, A005 for a bad line (too few
   * or too many columns, an empty name, an unknown type).
   */
  static gazetteer from_tsv(std::string_view text, gazetteer_options options = {},
                            std::string_view source_name = {});

  /// The built-in gazetteer: the countries of the world with common variant names, their
  /// capitals, and major international organisations, with Wikidata ids where known.
  static const gazetteer &builtin();

  /// Number of entries, and of distinct names and variants compiled (after case folding).
  std::size_t size() const noexcept;
  std::size_t pattern_count() const noexcept;
  const gazetteer_entry &entry(std::size_t i) const;
  std::span<const gazetteer_entry> entries() const noexcept;
  const gazetteer_options &options() const noexcept;

  /// A match: byte span [begin, end) of the text and the index of its entry.
  struct match {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::uint32_t entry = 0;
    friend bool operator==(const match &, const match &) = default;
  };
  /// Every leftmost-longest, non-overlapping match in `text`, in order.
  std::vector<match> find(std::string_view text) const;

  struct impl;

private:
  std::shared_ptr<const impl> impl_;
};

/**
 * Finds the gazetteer's names in `doc.text()` and returns them as a layer named "names": one
 * annotation per match, of the entry's type, with `ref` (if the entry has one) and `key` (the
 * entry's canonical name, so that "Kazakstan" and "Kazakhstan" share key and ref), provenance
 * "alinea.names", the library version and the entry's confidence.
 */
layer names(const document &doc, const gazetteer &g = gazetteer::builtin());
/// The same over any UTF-8 text; offsets are bytes of `text`.
layer names(std::string_view text, const gazetteer &g = gazetteer::builtin());

} // namespace alinea::annotate
