#include "Lexer.h"

#include <charconv>
#include <string>

namespace flowline::core::expr {

namespace {

QString quoteChar(QChar c)
{
    if (c.isPrint() && !c.isSpace())
        return QStringLiteral("'%1'").arg(c);
    return QStringLiteral("U+") +
           QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0'));
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

class Lexer
{
public:
    Lexer(const QString &text, std::vector<Token> &tokens, ExprError &error)
        : m_text(text)
        , m_size(static_cast<int>(text.size()))
        , m_tokens(tokens)
        , m_error(error)
    {}

    bool run()
    {
        m_tokens.clear();
        int i = 0;
        while (true) {
            while (i < m_size && m_text[i].isSpace())
                ++i;
            if (i >= m_size)
                break;
            const QChar c = m_text[i];
            const QChar next = i + 1 < m_size ? m_text[i + 1] : QChar();
            bool ok = true;
            if (isAsciiDigit(i) || (c == QLatin1Char('.') && isAsciiDigit(i + 1)))
                ok = number(i);
            else if (c == QLatin1Char('"') || c == QLatin1Char('\''))
                ok = string(i);
            else if (c == QLatin1Char('`'))
                ok = quotedName(i);
            else if (isIdentifierStart(c))
                identifier(i);
            else
                ok = symbol(i, c, next);
            if (!ok)
                return false;
        }
        add(TokenType::End, m_size, 0);
        return true;
    }

private:
    Token &add(TokenType type, int position, int length)
    {
        Token t;
        t.type = type;
        t.position = position;
        t.length = length;
        m_tokens.push_back(std::move(t));
        return m_tokens.back();
    }

    bool fail(QString message, int position, int length)
    {
        m_error = ExprError{std::move(message), position, length};
        return false;
    }

    bool isAsciiDigit(int i) const
    {
        return i < m_size && m_text[i] >= QLatin1Char('0') && m_text[i] <= QLatin1Char('9');
    }

    bool number(int &i)
    {
        const int start = i;
        while (isAsciiDigit(i))
            ++i;
        if (i < m_size && m_text[i] == QLatin1Char('.')) {
            ++i;
            while (isAsciiDigit(i))
                ++i;
        }
        if (i < m_size && (m_text[i] == QLatin1Char('e') || m_text[i] == QLatin1Char('E'))) {
            int j = i + 1;
            if (j < m_size && (m_text[j] == QLatin1Char('+') || m_text[j] == QLatin1Char('-')))
                ++j;
            if (isAsciiDigit(j)) {
                i = j;
                while (isAsciiDigit(i))
                    ++i;
            }
        }
        // "3x", "1.2.3", "1e": one malformed word rather than a confusing parse error later.
        if (i < m_size && isIdentifierPart(m_text[i])) {
            while (i < m_size && isIdentifierPart(m_text[i]))
                ++i;
            return fail(QStringLiteral("malformed number '%1'").arg(m_text.mid(start, i - start)),
                        start, i - start);
        }
        const std::string lexeme = m_text.mid(start, i - start).toStdString();
        double value = 0.0;
        const auto [end, ec] = std::from_chars(lexeme.data(), lexeme.data() + lexeme.size(), value);
        if (ec == std::errc::result_out_of_range) {
            // Too small rounds to zero; too large is an error.
            const bool tiny = lexeme.find("e-") != std::string::npos ||
                              lexeme.find("E-") != std::string::npos || lexeme[0] == '0' ||
                              lexeme[0] == '.';
            if (!tiny)
                return fail(
                    QStringLiteral("number '%1' is too large").arg(QString::fromStdString(lexeme)),
                    start, i - start);
            value = 0.0;
        } else if (ec != std::errc() || end != lexeme.data() + lexeme.size()) {
            return fail(QStringLiteral("malformed number '%1'").arg(QString::fromStdString(lexeme)),
                        start, i - start);
        }
        add(TokenType::Number, start, i - start).number = value;
        return true;
    }

    bool string(int &i)
    {
        const int start = i;
        const QChar quote = m_text[i++];
        QString value;
        while (true) {
            if (i >= m_size)
                return fail(QStringLiteral("unterminated string"), start, m_size - start);
            const QChar c = m_text[i];
            if (c == quote) {
                ++i;
                break;
            }
            if (c != QLatin1Char('\\')) {
                value += c;
                ++i;
                continue;
            }
            if (i + 1 >= m_size)
                return fail(QStringLiteral("unterminated string"), start, m_size - start);
            const QChar e = m_text[i + 1];
            switch (e.unicode()) {
            case '\\':
            case '"':
            case '\'':
                value += e;
                break;
            case 'n':
                value += QLatin1Char('\n');
                break;
            case 't':
                value += QLatin1Char('\t');
                break;
            case 'r':
                value += QLatin1Char('\r');
                break;
            case 'u': {
                uint code = 0;
                bool ok = i + 6 <= m_size;
                for (int k = i + 2; ok && k < i + 6; ++k) {
                    const int digit = hexValue(m_text[k]);
                    ok = digit >= 0;
                    code = code * 16 + static_cast<uint>(digit);
                }
                if (!ok || (code >= 0xD800 && code < 0xE000))
                    return fail(QStringLiteral("'\\u' must be followed by four hexadecimal "
                                               "digits of a character"),
                                i, std::min(6, m_size - i));
                value += QChar(static_cast<char16_t>(code));
                i += 4;
                break;
            }
            default:
                return fail(QStringLiteral("unknown escape '\\%1' in a string (write '\\\\' for a "
                                           "backslash)")
                                .arg(e),
                            i, 2);
            }
            i += 2;
        }
        add(TokenType::String, start, i - start).text = std::move(value);
        return true;
    }

    bool quotedName(int &i)
    {
        const int start = i++;
        QString name;
        while (true) {
            if (i >= m_size)
                return fail(QStringLiteral("unterminated column name (no closing `)"), start,
                            m_size - start);
            if (m_text[i] == QLatin1Char('`')) {
                if (i + 1 < m_size && m_text[i + 1] == QLatin1Char('`')) {
                    name += QLatin1Char('`');
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            name += m_text[i++];
        }
        if (name.isEmpty())
            return fail(QStringLiteral("empty column name"), start, i - start);
        add(TokenType::QuotedName, start, i - start).text = std::move(name);
        return true;
    }

    void identifier(int &i)
    {
        const int start = i++;
        while (i < m_size && isIdentifierPart(m_text[i]))
            ++i;
        add(TokenType::Identifier, start, i - start).text = m_text.mid(start, i - start);
    }

    bool symbol(int &i, QChar c, QChar next)
    {
        const int start = i;
        auto one = [&](TokenType t) {
            add(t, start, 1);
            i += 1;
            return true;
        };
        auto two = [&](TokenType t) {
            add(t, start, 2);
            i += 2;
            return true;
        };
        switch (c.unicode()) {
        case '(':
            return one(TokenType::LParen);
        case ')':
            return one(TokenType::RParen);
        case ',':
            return one(TokenType::Comma);
        case '+':
            return one(TokenType::Plus);
        case '-':
            return one(TokenType::Minus);
        case '*':
            return one(TokenType::Star);
        case '/':
            return one(TokenType::Slash);
        case '%':
            return one(TokenType::Percent);
        case '<':
            if (next == QLatin1Char('='))
                return two(TokenType::LessEqual);
            if (next == QLatin1Char('>'))
                return two(TokenType::NotEqual);
            return one(TokenType::Less);
        case '>':
            return next == QLatin1Char('=') ? two(TokenType::GreaterEqual)
                                            : one(TokenType::Greater);
        case '=':
            return next == QLatin1Char('=') ? two(TokenType::Equal) : one(TokenType::Equal);
        case '!':
            return next == QLatin1Char('=') ? two(TokenType::NotEqual) : one(TokenType::Bang);
        case '&':
            if (next == QLatin1Char('&'))
                return two(TokenType::AndAnd);
            return fail(QStringLiteral("unexpected character '&' (write 'and' or '&&')"), start, 1);
        case '|':
            if (next == QLatin1Char('|'))
                return two(TokenType::OrOr);
            return fail(QStringLiteral("unexpected character '|' (write 'or' or '||')"), start, 1);
        default:
            break;
        }
        if (c.isHighSurrogate() && next.isLowSurrogate())
            return fail(QStringLiteral("unexpected character '%1'").arg(m_text.mid(start, 2)),
                        start, 2);
        return fail(QStringLiteral("unexpected character %1").arg(quoteChar(c)), start, 1);
    }

    const QString &m_text;
    const int m_size;
    std::vector<Token> &m_tokens;
    ExprError &m_error;
};

} // namespace

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}

bool isIdentifierPart(QChar c)
{
    return c.isLetterOrNumber() || c.isMark() || c == QLatin1Char('_') || c == QLatin1Char('.');
}

bool isKeyword(QStringView word)
{
    static const char *const keywords[] = {"and",      "or",      "not",  "is",   "in",
                                           "contains", "missing", "null", "true", "false"};
    for (const char *k : keywords) {
        if (word.compare(QLatin1String(k), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool tokenize(const QString &text, std::vector<Token> &tokens, ExprError &error)
{
    return Lexer(text, tokens, error).run();
}

} // namespace flowline::core::expr
