// SPDX-License-Identifier: MIT
#include <alinea/detail/utf8.hpp>
#include <alinea/document.hpp>
#include <alinea/error.hpp>

#include <algorithm>

namespace alinea {
namespace {

bool on_boundary(std::string_view text, std::size_t at) {
  return at == text.size() ||
         (at < text.size() && !detail::is_continuation(static_cast<unsigned char>(text[at])));
}

void check_text_span(std::string_view text, std::size_t begin, std::size_t end, std::string_view what) {
  if (begin > end || end > text.size() || !on_boundary(text, begin) || !on_boundary(text, end))
    throw argument_error(errc::invalid_argument, std::string(what) + " span [" + std::to_string(begin) +
                                                     ", " + std::to_string(end) +
                                                     ") is outside the text or splits a character");
}

} // namespace

document::document(std::string text, metadata meta, std::vector<block> blocks, std::vector<layer> layers)
    : text_(std::move(text)), meta_(std::move(meta)), blocks_(std::move(blocks)), layers_(std::move(layers)),
      offsets_(text_) {
  if (!is_valid_document_id(meta_.id))
    throw argument_error(errc::invalid_argument,
                         "document id '" + meta_.id +
                             "' is not a citation id (letters, digits, '.', '_', '-')");
  std::size_t previous_end = 0;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    const auto &b = blocks_[i];
    check_text_span(text_, b.begin, b.end, "block");
    if (b.begin < previous_end)
      throw argument_error(errc::invalid_argument, "blocks overlap or are out of order");
    previous_end = b.end;
    if (is_numbered(b.kind)) {
      if (b.n != paragraph_index_.size() + 1)
        throw argument_error(errc::invalid_argument, "paragraph numbers must run 1, 2, 3, ...");
      paragraph_index_.push_back(static_cast<std::uint32_t>(i));
    }
  }
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    for (std::size_t i = 0; i < layers_[k].size(); ++i)
      check_text_span(text_, layers_[k].begin(i), layers_[k].end(i), layers_[k].name());
    for (std::size_t j = 0; j < k; ++j)
      if (layers_[j].name() == layers_[k].name())
        throw argument_error(errc::invalid_argument, "two layers are called '" + layers_[k].name() + "'");
  }
  if (const auto *edits = find_layer(edits_layer_name)) {
    for (std::size_t i = 1; i < edits->size(); ++i)
      if (edits->begin(i) < edits->end(i - 1))
        throw argument_error(errc::invalid_argument, "edits overlap or are out of order");
  }
}

const block *document::title_block() const noexcept {
  return first_block(block_kind::title);
}

const block *document::first_block(block_kind k) const noexcept {
  const auto it = std::find_if(blocks_.begin(), blocks_.end(), [k](const block &b) { return b.kind == k; });
  return it == blocks_.end() ? nullptr : &*it;
}

std::string_view block_kind_name(block_kind k) noexcept {
  switch (k) {
  case block_kind::title:
    return "title";
  case block_kind::subtitle:
    return "subtitle";
  case block_kind::byline:
    return "byline";
  case block_kind::heading:
    return "heading";
  case block_kind::paragraph:
    return "paragraph";
  case block_kind::quote:
    return "quote";
  case block_kind::item:
    return "item";
  case block_kind::note:
    return "note";
  case block_kind::boilerplate:
    return "boilerplate";
  }
  return "";
}

std::string_view division_kind_name(division_kind k) noexcept {
  switch (k) {
  case division_kind::none:
    return "";
  case division_kind::chapter:
    return "chapter";
  case division_kind::part:
    return "part";
  case division_kind::book:
    return "book";
  case division_kind::section:
    return "section";
  case division_kind::act:
    return "act";
  case division_kind::scene:
    return "scene";
  }
  return "";
}

const block &document::paragraph(std::size_t n) const {
  if (n == 0 || n > paragraph_index_.size())
    throw argument_error(errc::unresolved_citation, "document '" + meta_.id + "' has no paragraph " +
                                                        std::to_string(n) + " (it has " +
                                                        std::to_string(paragraph_index_.size()) + ")");
  return blocks_[paragraph_index_[n - 1]];
}

std::string document::cite(const block &p) const {
  return meta_.id + ":" + std::to_string(p.n);
}

const layer *document::find_layer(std::string_view name) const noexcept {
  const auto it =
      std::find_if(layers_.begin(), layers_.end(), [&](const layer &l) { return l.name() == name; });
  return it == layers_.end() ? nullptr : &*it;
}

namespace {

void refuse_edits_layer(std::string_view name, std::string_view what) {
  if (name == edits_layer_name)
    throw argument_error(errc::invalid_argument,
                         "the edits layer is ingest's record of its changes to the source and cannot be " +
                             std::string(what));
}

} // namespace

layer &document::add_layer(std::string name) {
  if (find_layer(name))
    throw argument_error(errc::invalid_argument, "the document already has a layer called '" + name + "'");
  return layers_.emplace_back(std::move(name));
}

void document::put_layer(layer l) {
  refuse_edits_layer(l.name(), "replaced");
  for (std::size_t i = 0; i < l.size(); ++i)
    check_text_span(text_, l.begin(i), l.end(i), l.name());
  const auto it =
      std::find_if(layers_.begin(), layers_.end(), [&](const layer &x) { return x.name() == l.name(); });
  if (it == layers_.end())
    layers_.push_back(std::move(l));
  else
    *it = std::move(l);
}

void document::remove_layer(std::string_view name) {
  refuse_edits_layer(name, "removed");
  const auto it =
      std::find_if(layers_.begin(), layers_.end(), [&](const layer &l) { return l.name() == name; });
  if (it == layers_.end())
    throw argument_error(errc::invalid_argument,
                         "the document has no layer called '" + std::string(name) + "'");
  layers_.erase(it);
}

layer *document::layer_for_update(std::string_view name) {
  refuse_edits_layer(name, "changed");
  const auto it =
      std::find_if(layers_.begin(), layers_.end(), [&](const layer &l) { return l.name() == name; });
  return it == layers_.end() ? nullptr : &*it;
}

void document::check_span(std::size_t begin, std::size_t end, std::string_view what) const {
  check_text_span(text_, begin, end, what);
}

void document::annotate(std::string_view layer_name, std::size_t begin, std::size_t end,
                        std::string_view type, std::span<const attribute> attributes,
                        const provenance &made_by) {
  check_span(begin, end);
  layer *l = layer_for_update(layer_name);
  if (!l) l = &add_layer(std::string(layer_name));
  l->add(begin, end, type, attributes, made_by);
}

std::string document::source_text() const {
  const auto *edits = find_layer(edits_layer_name);
  if (!edits) return text_;
  std::string out;
  out.reserve(text_.size() + edits->size() * 2);
  std::size_t at = 0;
  for (std::size_t i = 0; i < edits->size(); ++i) {
    out.append(text_, at, edits->begin(i) - at);
    out += edits->attribute_value(i, edit_original_attribute);
    at = edits->end(i);
  }
  out.append(text_, at, std::string::npos);
  return out;
}

bool is_valid_document_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 200) return false;
  const auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  };
  if (!std::all_of(id.begin(), id.end(), ok)) return false;
  return id.front() != '-' && id.front() != '.';
}

std::string document_id_from_filename(std::string_view filename) {
  const auto slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  const auto dot = filename.rfind('.');
  if (dot != std::string_view::npos && dot > 0) filename = filename.substr(0, dot);
  std::string id;
  for (char c : filename) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
    id += keep ? c : '-';
  }
  while (!id.empty() && (id.front() == '-' || id.front() == '.'))
    id.erase(0, 1);
  if (id.size() > 200) id.resize(200);
  return id.empty() ? std::string("doc") : id;
}

} // namespace alinea
