#include "Parser.h"

#include "Suggest.h"
#include "TokenCursor.h"

namespace flowline::core::expr {

namespace {

// Grammar, lowest precedence first (see Expression.h for the full description):
//   or          := and { ("or" | "||") and }
//   and         := not { ("and" | "&&") not }
//   not         := ("not" | "!") not | comparison
//   comparison  := additive [ compare-op additive | "contains" additive
//                           | "is" ["not"] ("missing" | "null")
//                           | ["not"] "in" "(" or { "," or } ")" ]
//   additive    := multiplicative { ("+" | "-") multiplicative }
//   multiplicative := unary { ("*" | "/" | "%") unary }
//   unary       := ("-" | "+") unary | primary
//   primary     := number | string | "true" | "false" | "missing" | "null"
//                | name "(" [ or { "," or } ] ")" | name | `quoted name` | "(" or ")"

class Parser : private TokenCursor
{
public:
    Parser(const QString &text, const std::vector<Token> &tokens, const QStringList &columns,
           std::vector<Node> &nodes)
        : TokenCursor(text, tokens)
        , m_columns(columns)
        , m_nodes(nodes)
    {}

    void parseFormula()
    {
        if (peek().type == TokenType::End)
            fail(QStringLiteral("the formula is empty"), 0, 0);
        parseOr();
        const Token &t = peek();
        if (t.type == TokenType::End)
            return;
        if (t.type == TokenType::RParen)
            fail(QStringLiteral("unexpected ')' (no '(' to close)"), t);
        fail(QStringLiteral("expected an operator after %1, found %2")
                     .arg(describe(previous()), describe(t)) +
                 hint(t.position),
             t);
    }

private:
    // Counts one level of nesting while alive.
    class Nest
    {
    public:
        explicit Nest(Parser &p)
            : m_parser(p)
        {
            if (++m_parser.m_depth > kMaxNesting)
                m_parser.fail(QStringLiteral("the formula is nested too deeply (more than %1 "
                                             "levels)")
                                  .arg(kMaxNesting),
                              m_parser.previous());
        }
        ~Nest() { --m_parser.m_depth; }
        Nest(const Nest &) = delete;
        Nest &operator=(const Nest &) = delete;

    private:
        Parser &m_parser;
    };

    QString hint(int position) const
    {
        const QString h = quotingHint(m_text, m_columns, position);
        return h.isEmpty() ? QString() : QStringLiteral(" (") + h + QLatin1Char(')');
    }

    [[noreturn]] void expectedValue() const
    {
        const Token &t = peek();
        QString message =
            m_pos == 0 ? QStringLiteral("expected a value")
                       : QStringLiteral("expected a value after %1").arg(describe(previous()));
        if (t.type != TokenType::End)
            message += QStringLiteral(", found ") + describe(t);
        if (t.type == TokenType::Identifier && m_columns.contains(t.text))
            message += QStringLiteral(" (to use the column '%1', write %2)")
                           .arg(t.text, formulaName(t.text));
        fail(message, t);
    }

    int addNode(Node node)
    {
        const int index = static_cast<int>(m_nodes.size());
        node.first = node.args.empty() ? index : m_nodes[node.args.front()].first;
        m_nodes.push_back(std::move(node));
        return index;
    }

    int end(int node) const { return m_nodes[node].position + m_nodes[node].length; }

    Node operatorNode(NodeKind kind, Op op, const Token &at, std::vector<int> args)
    {
        Node n;
        n.kind = kind;
        n.op = op;
        n.opPosition = at.position;
        n.opLength = at.length;
        n.position = args.empty() ? at.position : m_nodes[args.front()].position;
        n.length = (args.empty() ? at.position + at.length : end(args.back())) - n.position;
        n.args = std::move(args);
        return n;
    }

    int parseOr() { return parseLogical(Op::Or); }

    int parseLogical(Op op)
    {
        const bool isOr = op == Op::Or;
        auto operand = [&] { return isOr ? parseLogical(Op::And) : parseNot(); };
        auto atOperator = [&] {
            const Token &t = peek();
            return isOr ? (isWord(t, "or") || t.type == TokenType::OrOr)
                        : (isWord(t, "and") || t.type == TokenType::AndAnd);
        };
        // A left-deep chain, like + and *: evaluation keeps two blocks alive, not one per term.
        int left = operand();
        while (atOperator()) {
            const Token &at = advance();
            const int right = operand();
            left = addNode(operatorNode(NodeKind::Logical, op, at, {left, right}));
        }
        return left;
    }

    int parseNot()
    {
        const Token &t = peek();
        if (!isWord(t, "not") && t.type != TokenType::Bang)
            return parseComparison();
        advance();
        Nest nest(*this);
        const int operand = parseNot();
        Node n = operatorNode(NodeKind::Unary, Op::Not, t, {operand});
        n.position = t.position;
        n.length = end(operand) - t.position;
        return addNode(std::move(n));
    }

    static Op comparisonOp(const Token &t)
    {
        switch (t.type) {
        case TokenType::Less:
            return Op::Less;
        case TokenType::LessEqual:
            return Op::LessEqual;
        case TokenType::Greater:
            return Op::Greater;
        case TokenType::GreaterEqual:
            return Op::GreaterEqual;
        case TokenType::Equal:
            return Op::Equal;
        case TokenType::NotEqual:
            return Op::NotEqual;
        default:
            return isWord(t, "contains") ? Op::Contains : Op::None;
        }
    }

    bool atComparison() const
    {
        const Token &t = peek();
        return comparisonOp(t) != Op::None || isWord(t, "is") || isWord(t, "in") ||
               (isWord(t, "not") && isWord(peek(1), "in"));
    }

    int parseComparison()
    {
        const int left = parseAdditive();
        if (!atComparison())
            return left;
        const Token &t = peek();
        int result = -1;
        if (const Op op = comparisonOp(t); op != Op::None) {
            advance();
            const int right = parseAdditive();
            result = addNode(operatorNode(NodeKind::Binary, op, t, {left, right}));
        } else if (isWord(t, "is")) {
            advance();
            Node n = operatorNode(NodeKind::IsMissing, Op::None, t, {left});
            if (isWord(peek(), "not")) {
                advance();
                n.negated = true;
            }
            if (!isWord(peek(), "missing") && !isWord(peek(), "null"))
                fail(QStringLiteral("expected 'missing' or 'not missing' after 'is', found %1")
                         .arg(describe(peek())),
                     peek());
            const Token &last = advance();
            n.opLength = last.position + last.length - t.position;
            n.length = last.position + last.length - n.position;
            result = addNode(std::move(n));
        } else {
            result = parseInList(left);
        }
        if (atComparison())
            fail(QStringLiteral("comparisons cannot be chained (combine them with 'and')"), peek());
        return result;
    }

    int parseInList(int left)
    {
        const Token &t = advance();
        const bool negated = isWord(t, "not");
        const Token &in = negated ? advance() : t;
        if (peek().type != TokenType::LParen)
            fail(QStringLiteral("expected '(' after 'in', found %1").arg(describe(peek())), peek());
        const Token &open = advance();
        Nest nest(*this);
        std::vector<int> args{left};
        const Token &close = parseList(args, open, QStringLiteral("'in'"));
        Node n = operatorNode(NodeKind::In, Op::None, t, std::move(args));
        n.negated = negated;
        n.opLength = in.position + in.length - t.position;
        n.length = close.position + close.length - n.position;
        return addNode(std::move(n));
    }

    // Values separated by commas up to the closing ')' of open, appended to args.
    const Token &parseList(std::vector<int> &args, const Token &open, const QString &what)
    {
        while (true) {
            args.push_back(parseOr());
            const Token &t = peek();
            if (t.type == TokenType::Comma) {
                advance();
                continue;
            }
            if (t.type == TokenType::RParen)
                return advance();
            if (t.type == TokenType::End)
                fail(QStringLiteral("missing ')' to close the '(' of %1 at %2")
                         .arg(what, where(open.position)),
                     t);
            fail(QStringLiteral("expected ',' or ')' in the list of %1, found %2")
                         .arg(what, describe(t)) +
                     hint(t.position),
                 t);
        }
    }

    int parseBinaryChain(bool additive)
    {
        auto operand = [&] { return additive ? parseBinaryChain(false) : parseUnary(); };
        int left = operand();
        while (true) {
            const Token &t = peek();
            Op op = Op::None;
            if (additive && t.type == TokenType::Plus)
                op = Op::Add;
            else if (additive && t.type == TokenType::Minus)
                op = Op::Sub;
            else if (!additive && t.type == TokenType::Star)
                op = Op::Mul;
            else if (!additive && t.type == TokenType::Slash)
                op = Op::Div;
            else if (!additive && t.type == TokenType::Percent)
                op = Op::Mod;
            else
                return left;
            advance();
            const int right = operand();
            left = addNode(operatorNode(NodeKind::Binary, op, t, {left, right}));
        }
    }

    int parseAdditive() { return parseBinaryChain(true); }

    int parseUnary()
    {
        const Token &t = peek();
        if (t.type != TokenType::Minus && t.type != TokenType::Plus)
            return parsePrimary();
        advance();
        Nest nest(*this);
        const int operand = parseUnary();
        Node &o = m_nodes[operand];
        const int spanEnd = end(operand);
        if (t.type == TokenType::Plus ||
            (o.kind == NodeKind::Literal && o.literalType == ValueType::Number)) {
            // +x is x; -3 is the literal -3.
            if (t.type == TokenType::Minus)
                o.number = -o.number;
            o.position = t.position;
            o.length = spanEnd - t.position;
            return operand;
        }
        Node n = operatorNode(NodeKind::Unary, Op::Neg, t, {operand});
        n.position = t.position;
        n.length = spanEnd - t.position;
        return addNode(std::move(n));
    }

    int literal(const Token &t, ValueType type)
    {
        Node n;
        n.kind = NodeKind::Literal;
        n.literalType = type;
        n.position = n.opPosition = t.position;
        n.length = n.opLength = t.length;
        return addNode(std::move(n));
    }

    int parsePrimary()
    {
        const Token &t = peek();
        switch (t.type) {
        case TokenType::Number: {
            advance();
            const int n = literal(t, ValueType::Number);
            m_nodes[n].number = t.number;
            return n;
        }
        case TokenType::String: {
            advance();
            const int n = literal(t, ValueType::Text);
            m_nodes[n].text = t.text.toStdString();
            return n;
        }
        case TokenType::QuotedName:
            advance();
            return column(t);
        case TokenType::Identifier:
            return parseName();
        case TokenType::LParen: {
            advance();
            Nest nest(*this);
            const int inner = parseOr();
            if (peek().type != TokenType::RParen) {
                if (peek().type == TokenType::End)
                    fail(
                        QStringLiteral("missing ')' to close the '(' at %1").arg(where(t.position)),
                        peek());
                fail(QStringLiteral("expected ')' to close the '(' at %1, found %2")
                             .arg(where(t.position), describe(peek())) +
                         hint(peek().position),
                     peek());
            }
            const Token &close = advance();
            m_nodes[inner].position = t.position;
            m_nodes[inner].length = close.position + close.length - t.position;
            return inner;
        }
        default:
            expectedValue();
        }
    }

    int column(const Token &t)
    {
        Node n;
        n.kind = NodeKind::Column;
        n.name = t.text;
        n.position = n.opPosition = t.position;
        n.length = n.opLength = t.length;
        return addNode(std::move(n));
    }

    int parseName()
    {
        const Token &t = peek();
        if (isWord(t, "true") || isWord(t, "false")) {
            advance();
            const int n = literal(t, ValueType::Boolean);
            m_nodes[n].boolean = isWord(t, "true") ? kTrue : kFalse;
            return n;
        }
        if (isWord(t, "missing") || isWord(t, "null")) {
            advance();
            return literal(t, ValueType::Null);
        }
        // contains is also a function: contains(name, "son").
        if (isKeyword(t.text) && !(isWord(t, "contains") && peek(1).type == TokenType::LParen))
            expectedValue();
        advance();
        if (peek().type != TokenType::LParen)
            return column(t);
        const Token &open = advance();
        Nest nest(*this);
        Node n;
        n.kind = NodeKind::Call;
        n.name = t.text;
        n.opPosition = n.position = t.position;
        n.opLength = t.length;
        if (peek().type == TokenType::RParen) {
            const Token &close = advance();
            n.length = close.position + close.length - t.position;
            return addNode(std::move(n));
        }
        const Token &close =
            parseList(n.args, open, QLatin1Char('\'') + t.text + QLatin1Char('\''));
        n.length = close.position + close.length - t.position;
        return addNode(std::move(n));
    }

    const QStringList &m_columns;
    std::vector<Node> &m_nodes;
    int m_depth = 0;
};

} // namespace

bool parse(const QString &text, const std::vector<Token> &tokens, const QStringList &columns,
           std::vector<Node> &nodes, ExprError &error)
{
    nodes.clear();
    try {
        Parser(text, tokens, columns, nodes).parseFormula();
    } catch (const TokenCursor::Failure &failure) {
        error = failure.error;
        nodes.clear();
        return false;
    }
    return true;
}

} // namespace flowline::core::expr
