#pragma once

#include "Tokenizer.h"
#include "ValueParsers.h"

namespace flowline::core::csv {

// Guesses the delimiter among , TAB ; | (',' left out when decimalComma) from the first
// records: the one that splits most records into the same number (> 1) of fields.
char sniffDelimiter(const char *buffer, std::size_t size, bool atEnd, const Dialect &base,
                    bool decimalComma);

// Guesses whether the first record is a header: yes when some column holds numbers, dates or
// booleans below a first-row cell that is text; no when first-row cells have the same type as
// the values below them; yes when nothing tells (most files have one).
bool sniffHeader(const char *buffer, const Tokens &tokens, const MissingTokens &missing,
                 const NumberSyntax &numbers, bool dayFirst);

} // namespace flowline::core::csv
