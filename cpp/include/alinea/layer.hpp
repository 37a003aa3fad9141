// SPDX-License-Identifier: MIT
// Annotation layers: named sets of typed, attributed spans over a document's text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace alinea {

/// One attribute of an annotation, such as ref="https://www.wikidata.org/wiki/Q..." (owning,
/// for building annotations).
struct attribute {
  std::string name;
  std::string value;
  friend bool operator==(const attribute &, const attribute &) = default;
};

/// A view of one attribute held by a layer; valid until the layer changes.
struct attribute_view {
  std::string_view name;
  std::string_view value;
  friend bool operator==(const attribute_view &, const attribute_view &) = default;
};

/// Who or what made an annotation: an annotator (a tool such as "alinea.dates" or a person)
/// and its version, both empty when unknown, and a confidence in [0, 1] if one was given.
struct provenance {
  std::string_view annotator;
  std::string_view version;
  std::optional<double> confidence;
  friend bool operator==(const provenance &, const provenance &) = default;
};

/// True if `type` can be an annotation type: non-empty, at most 200 bytes, valid UTF-8 and no
/// white space, control or other character XML cannot carry (TEI's teidata.enumerated).
bool is_valid_annotation_type(std::string_view type) noexcept;
/// True if `name` can be an attribute name: an XML name of letters (any script), digits, '_',
/// '-', '.' and ':' (such as "ref", "when", "xml:lang"), at most 200 bytes, not starting with a
/// digit, '-' or '.'. (Characters beyond ASCII are taken as letters, unchecked.)
bool is_valid_attribute_name(std::string_view name) noexcept;
/// True if `s` is valid UTF-8 holding only characters XML 1.0 allows (no NUL, no C0 control but
/// tab, line feed and carriage return, no U+FFFE or U+FFFF).
bool is_xml_text(std::string_view s) noexcept;

class layer;

/// The attributes of one annotation, as a range of attribute_view.
class attribute_range {
public:
  class iterator {
  public:
    using value_type = attribute_view;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const layer *l, std::size_t k) : layer_(l), k_(k) {}
    attribute_view operator*() const;
    iterator &operator++() {
      ++k_;
      return *this;
    }
    iterator operator++(int) {
      auto old = *this;
      ++k_;
      return old;
    }
    friend bool operator==(const iterator &a, const iterator &b) { return a.k_ == b.k_; }

  private:
    const layer *layer_ = nullptr;
    std::size_t k_ = 0;
  };
  attribute_range(const layer *l, std::size_t first, std::size_t last)
      : layer_(l), first_(first), last_(last) {}
  iterator begin() const { return {layer_, first_}; }
  iterator end() const { return {layer_, last_}; }
  std::size_t size() const noexcept { return last_ - first_; }
  bool empty() const noexcept { return first_ == last_; }

private:
  const layer *layer_;
  std::size_t first_, last_;
};

/// A named layer of annotations. Spans are half-open byte ranges [begin, end) of the owning
/// document's text. Storage is columnar: spans in two arrays, type and attribute names
/// interned, attribute values in one character pool, provenance interned and confidences in a
/// column that exists only once one is given; so that large layers (an edit per line of a
/// book) stay small and cross language boundaries cheaply.
///
/// Annotations are stored in the order they were added, and `i` in the accessors is that
/// storage index: it never changes, because annotations are only ever appended. A layer is a
/// set: its *document order* (document_order()) sorts by start, then longer spans first, then
/// type, attributes and provenance, and two layers are equal when they hold the same
/// annotations, whatever order they were added in.
class layer {
public:
  /// Throws argument_error (A005) if the name is empty, longer than 200 bytes or holds
  /// characters XML cannot carry.
  explicit layer(std::string name);

  const std::string &name() const noexcept { return name_; }
  std::size_t size() const noexcept { return begins_.size(); }
  bool empty() const noexcept { return begins_.empty(); }

  /// Appends an annotation. Throws argument_error (A005) if begin > end, if the type is not
  /// is_valid_annotation_type(), an attribute name not is_valid_attribute_name(), a value or
  /// the provenance not is_xml_text(), or the confidence outside [0, 1]. The span is checked
  /// against the text by the document (document::annotate, document::put_layer).
  void add(std::size_t begin, std::size_t end, std::string_view type,
           std::span<const attribute> attributes = {}, const provenance &made_by = {});
  /// The same with attributes given as views (nothing to allocate for them).
  void add_views(std::size_t begin, std::size_t end, std::string_view type,
                 std::span<const attribute_view> attributes, const provenance &made_by = {});
  /// Appends an annotation with one attribute, without building an `attribute`.
  void add(std::size_t begin, std::size_t end, std::string_view type, std::string_view attribute_name,
           std::string_view attribute_value);
  /// Makes room for `n` more annotations with `attribute_count` attributes among them.
  void reserve(std::size_t n, std::size_t attribute_count = 0);

  std::size_t begin(std::size_t i) const noexcept { return begins_[i]; }
  std::size_t end(std::size_t i) const noexcept { return ends_[i]; }
  std::string_view type(std::size_t i) const noexcept { return types_[type_ids_[i]]; }
  attribute_range attributes(std::size_t i) const noexcept {
    return {this, attr_starts_[i], attr_starts_[i + 1]};
  }
  /// The value of attribute `name` of annotation `i`, or an empty view if it has none.
  std::string_view attribute_value(std::size_t i, std::string_view name) const noexcept;
  /// Who made annotation `i`, and how confident it was.
  provenance made_by(std::size_t i) const noexcept;
  /// True if some annotation has an annotator, version or confidence.
  bool has_provenance() const noexcept { return !provenance_ids_.empty() || !confidences_.empty(); }

  /// The distinct type names, in order of first appearance; type_id(i) indexes it.
  std::span<const std::string> type_names() const noexcept { return types_; }
  std::uint32_t type_id(std::size_t i) const noexcept { return type_ids_[i]; }
  /// The column of starts and of ends, in storage order.
  std::span<const std::size_t> begins() const noexcept { return begins_; }
  std::span<const std::size_t> ends() const noexcept { return ends_; }
  /// The column of type ids (type_id(i)), in storage order.
  std::span<const std::uint32_t> type_ids() const noexcept { return type_ids_; }
  /// The column of confidences, NaN where none was given, in storage order; empty if no
  /// annotation has one.
  std::span<const double> confidences() const noexcept { return confidences_; }

  /// True if storage order is document order (as for most layers: they are added in text
  /// order); kept up to date by every addition, so O(1).
  bool in_document_order() const noexcept { return in_order_; }
  /// Storage indices in document order (see the class comment). O(n log n), O(n) if
  /// in_document_order().
  std::vector<std::uint32_t> document_order() const;
  /// True if annotation `a` comes before `b` in document order.
  bool before(std::size_t a, std::size_t b) const noexcept;

  /// What find() looks for; every criterion given must hold.
  struct filter {
    /// Overlaps [first, second): shares a character with it, or, where either is empty, touches it.
    std::optional<std::pair<std::size_t, std::size_t>> overlapping;
    /// Lies within [first, second).
    std::optional<std::pair<std::size_t, std::size_t>> within;
    std::optional<std::string_view> type;
    /// Has every one of these attributes with exactly this value.
    std::span<const attribute> attributes;
    std::optional<std::string_view> annotator;
  };
  /// Storage indices of the annotations that match, in document order. A linear scan: about
  /// a millisecond per million annotations.
  std::vector<std::uint32_t> find(const filter &f) const;

  friend bool operator==(const layer &, const layer &);

private:
  friend class attribute_range::iterator;
  std::uint32_t intern(std::vector<std::string> &table, std::uint32_t &last, std::string_view s,
                       bool (*valid)(std::string_view) noexcept, std::string_view what);
  void push_attribute(std::string_view name, std::string_view value);
  template <class Attributes>
  void add_checked(std::size_t begin, std::size_t end, std::string_view type, const Attributes &attributes,
                   const provenance &made_by);
  void push_span(std::size_t begin, std::size_t end, std::string_view type);
  void push_provenance(const provenance &p);
  int compare(std::size_t a, std::size_t b) const noexcept;

  std::string name_;
  std::vector<std::size_t> begins_;
  std::vector<std::size_t> ends_;
  std::vector<std::uint32_t> type_ids_;
  std::vector<std::string> types_; // interned type names
  std::uint32_t last_type_ = 0;
  std::vector<std::size_t> attr_starts_{0}; // size() + 1 entries into the attribute columns
  std::vector<std::uint32_t> attr_names_;   // ids into names_
  std::vector<std::string> names_;          // interned attribute names
  std::uint32_t last_name_ = 0;
  std::vector<std::size_t> value_ends_; // end of each value in pool_ (its start is the previous end)
  std::string pool_;
  // Provenance: ids into provenances_ (0: none), empty until an annotation has one.
  std::vector<std::uint32_t> provenance_ids_;
  std::vector<std::pair<std::string, std::string>> provenances_{{}}; // [0] is "unknown"
  std::uint32_t last_provenance_ = 0;
  // Confidences, NaN where none was given; empty until an annotation has one.
  std::vector<double> confidences_;
  bool in_order_ = true; // storage order is document order
};

inline attribute_view attribute_range::iterator::operator*() const {
  const std::size_t start = k_ == 0 ? 0 : layer_->value_ends_[k_ - 1];
  return {layer_->names_[layer_->attr_names_[k_]],
          std::string_view(layer_->pool_).substr(start, layer_->value_ends_[k_] - start)};
}

} // namespace alinea
