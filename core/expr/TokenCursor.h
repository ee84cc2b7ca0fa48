#pragma once

#include "ExprError.h"
#include "Lexer.h"

#include <QString>

#include <algorithm>
#include <vector>

namespace flowline::core::expr {

// Reads a formula's tokens one by one for the parser, and words its error messages: how a
// token is quoted, where a position is, and failing with a position.
class TokenCursor
{
public:
    // Thrown by fail(); the parser catches it at the top.
    struct Failure
    {
        ExprError error;
    };

    TokenCursor(const QString &text, const std::vector<Token> &tokens)
        : m_text(text)
        , m_tokens(tokens)
    {}

protected:
    const Token &peek(int ahead = 0) const
    {
        const auto i = std::min(m_pos + static_cast<std::size_t>(ahead), m_tokens.size() - 1);
        return m_tokens[i];
    }
    const Token &previous() const { return m_tokens[m_pos == 0 ? 0 : m_pos - 1]; }
    const Token &advance()
    {
        const Token &t = m_tokens[m_pos];
        if (t.type != TokenType::End)
            ++m_pos;
        return t;
    }
    static bool isWord(const Token &t, const char *word)
    {
        return t.type == TokenType::Identifier &&
               t.text.compare(QLatin1String(word), Qt::CaseInsensitive) == 0;
    }

    [[noreturn]] void fail(QString message, int position, int length) const
    {
        throw Failure{ExprError{std::move(message), position, length}};
    }
    [[noreturn]] void fail(QString message, const Token &at) const
    {
        fail(std::move(message), at.position, at.length);
    }

    QString describe(const Token &t) const
    {
        if (t.type == TokenType::End)
            return QStringLiteral("the end of the formula");
        QString s = m_text.mid(t.position, t.length);
        if (s.size() > 30)
            s = s.left(29) + QChar(0x2026);
        return QLatin1Char('\'') + s + QLatin1Char('\'');
    }

    // "column 7", or "line 2, column 3" in a formula of several lines.
    QString where(int position) const
    {
        const Error at = ExprError{{}, position, 0}.toError(m_text);
        if (at.line == 1)
            return QStringLiteral("column %1").arg(at.column);
        return QStringLiteral("line %1, column %2").arg(at.line).arg(at.column);
    }

    const QString &m_text;
    const std::vector<Token> &m_tokens;
    std::size_t m_pos = 0;
};

} // namespace flowline::core::expr
