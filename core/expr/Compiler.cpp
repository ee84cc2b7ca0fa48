#include "Compiler.h"

#include "Functions.h"
#include "Kernels.h"
#include "Suggest.h"
#include "io/csv/ValueParsers.h"
#include "table/Table.h"

namespace flowline::core::expr {

namespace {

struct CompileFailure
{
    ExprError error;
};

ValueType typeOfKind(ColumnKind kind)
{
    switch (kind) {
    case ColumnKind::Numeric:
        return ValueType::Number;
    case ColumnKind::Boolean:
        return ValueType::Boolean;
    case ColumnKind::Datetime:
        return ValueType::Datetime;
    case ColumnKind::Categorical:
    case ColumnKind::Text:
        break;
    }
    return ValueType::Text;
}

class Compiler
{
public:
    Compiler(Program &program, const Table &schema)
        : m_p(program)
        , m_schema(schema)
    {}

    void run()
    {
        for (int i = 0; i < static_cast<int>(m_p.nodes.size()); ++i)
            typeNode(i);
        if (type(m_p.root()) == ValueType::Null)
            coerce(m_p.root(), ValueType::Boolean);
        markDependence();
    }

private:
    Node &node(int i) { return m_p.nodes[static_cast<std::size_t>(i)]; }
    ValueType type(int i) { return node(i).type; }

    // The text of a node for messages, shortened.
    QString snippet(int i)
    {
        QString s = m_p.text.mid(node(i).position, node(i).length).simplified();
        if (s.size() > 30)
            s = s.left(29) + QChar(0x2026);
        return s;
    }
    QString described(int i) { return snippet(i) + QStringLiteral(" (") + typeName(type(i)) + ')'; }

    [[noreturn]] void fail(QString message, int position, int length)
    {
        throw CompileFailure{ExprError{std::move(message), position, length}};
    }
    [[noreturn]] void failAt(QString message, int i)
    {
        fail(std::move(message), node(i).position, node(i).length);
    }
    [[noreturn]] void failAtOp(QString message, int i)
    {
        fail(std::move(message), node(i).opPosition, node(i).opLength);
    }

    // "'-' needs numbers, but name is text".
    [[noreturn]] void needs(int opNode, const QString &what, int operand)
    {
        const Node &n = node(opNode);
        const QString op = n.kind == NodeKind::Call ? n.name : QString::fromLatin1(opSymbol(n.op));
        failAt(QStringLiteral("'%1' needs %2, but %3 is %4")
                   .arg(op, what, snippet(operand), QString::fromLatin1(typeName(type(operand)))),
               operand);
    }

    bool isLiteral(int i, ValueType literalType)
    {
        return node(i).kind == NodeKind::Literal && node(i).literalType == literalType;
    }

    // Gives a `missing` (or an if / coalesce of only `missing`) the type its context needs.
    void coerce(int i, ValueType to)
    {
        Node &n = node(i);
        if (n.type != ValueType::Null)
            return;
        n.type = to;
        if (n.kind == NodeKind::Literal) {
            n.kernel = literalKernel(to);
        } else if (n.kind == NodeKind::Call) {
            const FunctionSpec *f = findFunction(n.name);
            for (std::size_t k = 0; k < n.args.size(); ++k) {
                if (param(*f, k) == ArgType::Any)
                    coerce(n.args[k], to);
            }
            node(i).kernel = f->kernels[static_cast<std::size_t>(to)];
        }
    }

    // A text literal read as a date, where a date is compared with it.
    void toDate(int i)
    {
        Node &n = node(i);
        std::int64_t ms = 0;
        if (!csv::parseDatetime(n.text, csv::DateLayout::Iso, ms))
            failAt(QStringLiteral("%1 is not a date (write dates as \"2024-01-31\" or "
                                  "\"2024-01-31 12:30:00\")")
                       .arg(snippet(i)),
                   i);
        n.literalType = n.type = ValueType::Datetime;
        n.time = ms;
        n.kernel = literalKernel(ValueType::Datetime);
    }

    void typeNode(int i)
    {
        Node &n = node(i);
        switch (n.kind) {
        case NodeKind::Literal:
            n.type = n.literalType;
            n.kernel = literalKernel(n.type);
            return;
        case NodeKind::Column:
            return typeColumn(i);
        case NodeKind::Unary:
            return typeUnary(i);
        case NodeKind::Binary:
            if (isComparison(n.op) || n.op == Op::Contains) {
                const ValueType t = matchOperands(i, n.args[0], n.args[1]);
                n.type = ValueType::Boolean;
                n.kernel = n.op == Op::Contains ? containsKernel() : compareKernel(n.op, t);
                if (!n.kernel)
                    failAtOp(QStringLiteral("'%1' cannot order true/false values (use == or !=)")
                                 .arg(QString::fromLatin1(opSymbol(n.op))),
                             i);
                return;
            }
            return typeArithmetic(i);
        case NodeKind::Logical:
            for (int a : n.args)
                requireType(i, a, ValueType::Boolean, QStringLiteral("true/false on both sides"));
            node(i).type = ValueType::Boolean;
            node(i).kernel = logicalKernel(node(i).op);
            return;
        case NodeKind::IsMissing:
            coerce(n.args[0], ValueType::Number);
            node(i).type = ValueType::Boolean;
            node(i).kernel = isMissingKernel(type(node(i).args[0]), node(i).negated);
            return;
        case NodeKind::In: {
            ValueType t = ValueType::Null;
            for (std::size_t k = 1; k < n.args.size(); ++k)
                t = matchOperands(i, node(i).args[0], node(i).args[k]);
            Node &in = node(i);
            in.type = ValueType::Boolean;
            in.literalItems = std::all_of(in.args.begin() + 1, in.args.end(),
                                          [&](int a) { return node(a).kind == NodeKind::Literal; });
            in.kernel = in.literalItems ? inLiteralsKernel(t, in.negated) : inKernel(t, in.negated);
            return;
        }
        case NodeKind::Call:
            return typeCall(i);
        }
    }

    void typeColumn(int i)
    {
        Node &n = node(i);
        const int index = m_schema.indexOf(n.name);
        if (index < 0) {
            QString message = QStringLiteral("unknown column '%1'").arg(n.name);
            const QString hint = quotingHint(m_p.text, m_schema.columnNames(), n.position);
            const QString close = closestName(n.name, m_schema.columnNames());
            if (!hint.isEmpty())
                message += QStringLiteral(" (") + hint + ')';
            else if (!close.isEmpty())
                message += QStringLiteral(" (did you mean %1?)")
                               .arg(formulaName(close) == close ? '\'' + close + '\''
                                                                : formulaName(close));
            failAt(message, i);
        }
        const ColumnKind kind = m_schema.kind(index);
        int ref = 0;
        while (ref < static_cast<int>(m_p.columns.size()) && m_p.columns[ref].name != n.name)
            ++ref;
        if (ref == static_cast<int>(m_p.columns.size()))
            m_p.columns.push_back(ColumnRef{n.name, kind});
        n.column = ref;
        n.type = typeOfKind(kind);
    }

    void requireType(int opNode, int operand, ValueType wanted, const QString &what)
    {
        coerce(operand, wanted);
        if (type(operand) != wanted)
            needs(opNode, what, operand);
    }

    void typeUnary(int i)
    {
        Node &n = node(i);
        if (n.op == Op::Not) {
            requireType(i, n.args[0], ValueType::Boolean, QStringLiteral("true/false"));
            node(i).type = ValueType::Boolean;
            node(i).kernel = notKernel();
        } else {
            requireType(i, n.args[0], ValueType::Number, QStringLiteral("a number"));
            node(i).type = ValueType::Number;
            node(i).kernel = negateKernel();
        }
    }

    void typeArithmetic(int i)
    {
        const int a = node(i).args[0];
        const int b = node(i).args[1];
        if (node(i).op == Op::Add) {
            const ValueType ta = type(a), tb = type(b);
            const ValueType t = ta != ValueType::Null   ? ta
                                : tb != ValueType::Null ? tb
                                                        : ValueType::Number;
            coerce(a, t);
            coerce(b, t);
            if ((t == ValueType::Number || t == ValueType::Text) && type(a) == t && type(b) == t) {
                // Each join copies the text so far: a long chain costs its length squared.
                node(i).joins = node(a).joins + node(b).joins + 1;
                if (t == ValueType::Text && node(i).joins > kMaxJoins)
                    failAtOp(QStringLiteral("too many texts joined with '+' (more than %1)")
                                 .arg(kMaxJoins),
                             i);
                node(i).type = t;
                node(i).kernel = t == ValueType::Text ? concatKernel() : arithmeticKernel(Op::Add);
                return;
            }
            if (type(a) == type(b))
                needs(i, QStringLiteral("numbers or texts"), a);
            failAtOp(QStringLiteral("'+' needs two numbers or two texts, but %1 is %2 and %3 is %4")
                         .arg(snippet(a), QString::fromLatin1(typeName(type(a))), snippet(b),
                              QString::fromLatin1(typeName(type(b)))),
                     i);
        }
        requireType(i, a, ValueType::Number, QStringLiteral("numbers"));
        requireType(i, b, ValueType::Number, QStringLiteral("numbers"));
        node(i).type = ValueType::Number;
        node(i).kernel = arithmeticKernel(node(i).op);
    }

    // The common type of the two sides of a comparison, contains, or in: `missing` is refused,
    // a text literal facing a date becomes a date, and the types must then be equal.
    ValueType matchOperands(int opNode, int a, int b)
    {
        const Node &op = node(opNode);
        const bool contains = op.kind == NodeKind::Binary && op.op == Op::Contains;
        for (int side : {a, b}) {
            if (!isLiteral(side, ValueType::Null))
                continue;
            const int other = side == a ? b : a;
            const bool notEqual = op.negated || op.op == Op::NotEqual;
            failAtOp(QStringLiteral("comparing with missing never gives true; write '%1 %2'")
                         .arg(snippet(other), notEqual ? QStringLiteral("is not missing")
                                                       : QStringLiteral("is missing")),
                     opNode);
        }
        if (contains) {
            requireType(opNode, a, ValueType::Text, QStringLiteral("text on both sides"));
            requireType(opNode, b, ValueType::Text, QStringLiteral("text on both sides"));
            return ValueType::Text;
        }
        coerce(a, type(b) == ValueType::Null ? ValueType::Number : type(b));
        coerce(b, type(a));
        if (type(a) == ValueType::Datetime && isLiteral(b, ValueType::Text))
            toDate(b);
        if (type(b) == ValueType::Datetime && isLiteral(a, ValueType::Text))
            toDate(a);
        if (type(a) != type(b)) {
            QString message =
                QStringLiteral("cannot compare %1 with %2").arg(described(a), described(b));
            if (type(a) == ValueType::Datetime || type(b) == ValueType::Datetime)
                message +=
                    QStringLiteral(" (only a literal text like \"2024-01-31\" is read as a date)");
            failAtOp(message, opNode);
        }
        return type(a);
    }

    static ArgType param(const FunctionSpec &f, std::size_t k)
    {
        return k < f.params.size() ? f.params[k] : f.params.back();
    }

    void typeCall(int i)
    {
        const QString name = node(i).name;
        const FunctionSpec *f = findFunction(name);
        if (!f) {
            const QString close = closestName(name, functionNames());
            failAtOp(QStringLiteral("unknown function '%1'").arg(name) +
                         (close.isEmpty() ? QString()
                                          : QStringLiteral(" (did you mean '%1'?)").arg(close)),
                     i);
        }
        const std::vector<int> args = node(i).args;
        checkArity(i, *f, static_cast<int>(args.size()));

        // The type of the Any parameters: a date wins over text literals, read as dates.
        bool hasAny = false;
        ValueType any = ValueType::Null;
        for (std::size_t k = 0; k < args.size(); ++k) {
            if (param(*f, k) != ArgType::Any)
                continue;
            hasAny = true;
            if (any == ValueType::Null || type(args[k]) == ValueType::Datetime)
                any = type(args[k]);
        }
        if (any == ValueType::Null && f->result != ArgType::Any)
            any = ValueType::Number;
        int firstAny = -1;
        for (std::size_t k = 0; k < args.size(); ++k) {
            const int a = args[k];
            const ArgType p = param(*f, k);
            const ValueType wanted = p == ArgType::Any ? any : valueTypeOf(p);
            if (wanted == ValueType::Datetime && isLiteral(a, ValueType::Text))
                toDate(a);
            coerce(a, wanted);
            if (type(a) == wanted || wanted == ValueType::Null) {
                if (p == ArgType::Any && firstAny < 0)
                    firstAny = static_cast<int>(k);
                continue;
            }
            QString message = QStringLiteral("argument %1 of '%2' must be %3")
                                  .arg(k + 1)
                                  .arg(name, QString::fromLatin1(typeName(wanted)));
            if (p == ArgType::Any && firstAny >= 0)
                message += QStringLiteral(" (like argument %1)").arg(firstAny + 1);
            failAt(message + QStringLiteral(", but %1 is %2")
                                 .arg(snippet(a), QString::fromLatin1(typeName(type(a)))),
                   a);
        }
        Node &n = node(i);
        n.type = f->result == ArgType::Any ? any : valueTypeOf(f->result);
        n.viewsArguments = f->viewsArguments;
        if (n.type != ValueType::Null)
            n.kernel = f->kernels[hasAny ? static_cast<std::size_t>(any) : 0];
    }

    void checkArity(int i, const FunctionSpec &f, int count)
    {
        if (count >= f.minArgs && (f.maxArgs < 0 || count <= f.maxArgs))
            return;
        QString takes;
        if (f.maxArgs < 0)
            takes = QStringLiteral("at least %1 arguments").arg(f.minArgs);
        else if (f.minArgs == f.maxArgs)
            takes = QStringLiteral("%1 argument%2").arg(f.minArgs).arg(f.minArgs == 1 ? "" : "s");
        else
            takes = QStringLiteral("%1 %2 %3 arguments")
                        .arg(f.minArgs)
                        .arg(f.maxArgs == f.minArgs + 1 ? "or" : "to")
                        .arg(f.maxArgs);
        failAt(QStringLiteral("'%1' takes %2, but %3 %4 given")
                   .arg(f.name, takes)
                   .arg(count)
                   .arg(count == 1 ? "was" : "were"),
               i);
    }

    // Parents, and what each node depends on (see Dependence).
    void markDependence()
    {
        for (int i = 0; i < static_cast<int>(m_p.nodes.size()); ++i) {
            Node &n = node(i);
            if (!n.kernel && n.kind != NodeKind::Column)
                fail(QStringLiteral("internal error: no kernel for this part"), n.position,
                     n.length);
            for (int a : n.args)
                node(a).parent = i;
            if (n.kind == NodeKind::Literal) {
                n.dependence = Dependence::Const;
            } else if (n.kind == NodeKind::Column) {
                const bool category = m_p.columns[n.column].kind == ColumnKind::Categorical;
                n.dependence = category ? Dependence::Category : Dependence::Rows;
                n.categoryColumn = category ? n.column : -1;
            } else {
                n.dependence = Dependence::Const;
                for (int a : n.args)
                    merge(n, node(a));
            }
        }
    }

    static void merge(Node &n, const Node &arg)
    {
        if (n.dependence == Dependence::Rows || arg.dependence == Dependence::Const)
            return;
        if (arg.dependence == Dependence::Rows ||
            (n.dependence == Dependence::Category && n.categoryColumn != arg.categoryColumn)) {
            n.dependence = Dependence::Rows;
            n.categoryColumn = -1;
            return;
        }
        n.dependence = Dependence::Category;
        n.categoryColumn = arg.categoryColumn;
    }

    Program &m_p;
    const Table &m_schema;
};

} // namespace

bool compileProgram(Program &program, const Table &schema, ExprError &error)
{
    try {
        Compiler(program, schema).run();
    } catch (const CompileFailure &failure) {
        error = failure.error;
        return false;
    }
    return true;
}

} // namespace flowline::core::expr
