// SPDX-License-Identifier: MIT
// Umbrella header: the whole public API of the alinea core.
#pragma once

#include <alinea/annotate.hpp>
#include <alinea/authority.hpp>
#include <alinea/citation.hpp>
#include <alinea/document.hpp>
#include <alinea/error.hpp>
#include <alinea/ingest.hpp>
#include <alinea/layer.hpp>
#include <alinea/offsets.hpp>
#include <alinea/quotations.hpp>
#include <alinea/reanchor.hpp>
#include <alinea/sentences.hpp>
#include <alinea/tei.hpp>
#include <alinea/version.hpp>
