#pragma once

#include "ExprError.h"

#include <QString>

#include <vector>

namespace flowline::core::expr {

enum class TokenType : std::uint8_t {
    End,
    Number,
    String,     // "..." or '...', text holds the value with escapes resolved
    Identifier, // bare name or keyword, text as written
    QuotedName, // `...`, text holds the name with `` resolved
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,    // = or ==
    NotEqual, // != or <>
    Bang,     // !
    AndAnd,   // &&
    OrOr,     // ||
};

struct Token
{
    TokenType type = TokenType::End;
    int position = 0; // in UTF-16 code units
    int length = 0;
    double number = 0.0;
    QString text;
};

// Splits a formula into tokens, the last being End. On a malformed token returns false and
// describes it in error (unterminated string or name, bad escape, malformed number, stray
// character).
bool tokenize(const QString &text, std::vector<Token> &tokens, ExprError &error);

// Identifier characters: a letter or '_' first, then letters, digits, marks, '_' and '.'.
bool isIdentifierStart(QChar c);
bool isIdentifierPart(QChar c);

// The reserved words, in any letter case: and or not is in contains missing null true false.
// A column with such a name, or one that is not an identifier, must be written in backquotes.
bool isKeyword(QStringView word);

} // namespace flowline::core::expr
