// SPDX-License-Identifier: MIT
// Annotation layers: named sets of typed, attributed spans over a document's text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
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
/// interned, attribute values in one character pool; so that large layers (an edit per line
/// of a book) stay small and cross language boundaries cheaply. Annotations keep insertion
/// order.
class layer {
public:
  explicit layer(std::string name) : name_(std::move(name)) {}

  const std::string &name() const noexcept { return name_; }
  std::size_t size() const noexcept { return begins_.size(); }
  bool empty() const noexcept { return begins_.empty(); }

  /// Appends an annotation. Precondition: begin <= end (checked by the document, which knows
  /// the text).
  void add(std::size_t begin, std::size_t end, std::string_view type,
           std::span<const attribute> attributes = {});
  /// Appends an annotation with one attribute, without building an `attribute`.
  void add(std::size_t begin, std::size_t end, std::string_view type, std::string_view attribute_name,
           std::string_view attribute_value);

  std::size_t begin(std::size_t i) const noexcept { return begins_[i]; }
  std::size_t end(std::size_t i) const noexcept { return ends_[i]; }
  std::string_view type(std::size_t i) const noexcept { return types_[type_ids_[i]]; }
  attribute_range attributes(std::size_t i) const noexcept {
    return {this, attr_starts_[i], attr_starts_[i + 1]};
  }
  /// The value of attribute `name` of annotation `i`, or an empty view if it has none.
  std::string_view attribute_value(std::size_t i, std::string_view name) const noexcept;

  friend bool operator==(const layer &, const layer &);

private:
  friend class attribute_range::iterator;
  std::uint32_t intern(std::vector<std::string> &table, std::uint32_t &last, std::string_view s);
  void push_attribute(std::string_view name, std::string_view value);

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
};

inline attribute_view attribute_range::iterator::operator*() const {
  const std::size_t start = k_ == 0 ? 0 : layer_->value_ends_[k_ - 1];
  return {layer_->names_[layer_->attr_names_[k_]],
          std::string_view(layer_->pool_).substr(start, layer_->value_ends_[k_] - start)};
}

} // namespace alinea
