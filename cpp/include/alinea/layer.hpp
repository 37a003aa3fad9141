// SPDX-License-Identifier: MIT
// Annotation layers: named sets of typed, attributed spans over a document's text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace alinea {

/// One attribute of an annotation, such as ref="https://www.wikidata.org/wiki/Q..."
struct attribute {
  std::string name;
  std::string value;
  friend bool operator==(const attribute &, const attribute &) = default;
};

/// A named layer of annotations. Spans are half-open byte ranges [begin, end) of the owning
/// document's text. Storage is columnar (spans, interned types, attributes in one pool) so
/// that whole layers cross language boundaries cheaply. Annotations keep insertion order.
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

  std::size_t begin(std::size_t i) const noexcept { return begins_[i]; }
  std::size_t end(std::size_t i) const noexcept { return ends_[i]; }
  std::string_view type(std::size_t i) const noexcept { return types_[type_ids_[i]]; }
  std::span<const attribute> attributes(std::size_t i) const noexcept {
    return {attributes_.data() + attr_starts_[i], attr_starts_[i + 1] - attr_starts_[i]};
  }
  /// The value of attribute `name` of annotation `i`, or an empty view if it has none.
  std::string_view attribute_value(std::size_t i, std::string_view name) const noexcept;

  friend bool operator==(const layer &, const layer &);

private:
  std::string name_;
  std::vector<std::size_t> begins_;
  std::vector<std::size_t> ends_;
  std::vector<std::uint32_t> type_ids_;
  std::vector<std::string> types_;            // interned type names
  std::vector<std::uint32_t> attr_starts_{0}; // size() + 1 entries into attributes_
  std::vector<attribute> attributes_;
};

} // namespace alinea
