#include "Expression.h"

#include "Compiler.h"
#include "Evaluator.h"
#include "Functions.h"
#include "Lexer.h"
#include "Parser.h"
#include "Program.h"
#include "table/Table.h"

namespace flowline::core {

Error ExprError::toError(const QString &text) const
{
    const QStringView before =
        QStringView(text).left(std::clamp<int>(position, 0, static_cast<int>(text.size())));
    const auto line = before.count(QLatin1Char('\n'));
    const auto lineStart = before.lastIndexOf(QLatin1Char('\n')) + 1;
    return Error{message, QStringLiteral("formula"), line + 1,
                 static_cast<std::int64_t>(before.size() - lineStart) + 1};
}

namespace {

Result<Expression> failed(const ExprError &error, const QString &text, ExprError *detail)
{
    if (detail)
        *detail = error;
    return error.toError(text);
}

} // namespace

Expression::Expression(std::shared_ptr<const expr::Program> program)
    : m_program(std::move(program))
{}

Result<Expression> Expression::compile(const QString &text, const Table &schema, ExprError *detail)
{
    using namespace expr;
    ExprError error;
    if (text.size() > kMaxLength)
        return failed(ExprError{QStringLiteral("the formula is too long (%1 characters, at most "
                                               "%2)")
                                    .arg(text.size())
                                    .arg(kMaxLength),
                                kMaxLength, 0},
                      text, detail);
    std::vector<Token> tokens;
    if (!tokenize(text, tokens, error))
        return failed(error, text, detail);
    auto program = std::make_shared<Program>();
    program->text = text;
    if (!parse(text, tokens, schema.columnNames(), program->nodes, error) ||
        !compileProgram(*program, schema, error))
        return failed(error, text, detail);
    return Expression(std::move(program));
}

Result<Expression> Expression::compileCondition(const QString &text, const Table &schema,
                                                ExprError *detail)
{
    auto e = compile(text, schema, detail);
    if (!e || e->resultKind() == ColumnKind::Boolean)
        return e;
    const QString kind = e->resultKind() == ColumnKind::Numeric    ? QStringLiteral("a number")
                         : e->resultKind() == ColumnKind::Datetime ? QStringLiteral("a date")
                                                                   : QStringLiteral("text");
    const QString trimmed = text.trimmed();
    const int start = static_cast<int>(text.indexOf(trimmed));
    return failed(ExprError{QStringLiteral("the formula gives %1, but a condition must give "
                                           "true or false (for example: age > 30)")
                                .arg(kind),
                            start, static_cast<int>(trimmed.size())},
                  text, detail);
}

ColumnKind Expression::resultKind() const
{
    switch (m_program->resultType()) {
    case expr::ValueType::Number:
        return ColumnKind::Numeric;
    case expr::ValueType::Text:
        return ColumnKind::Text;
    case expr::ValueType::Datetime:
        return ColumnKind::Datetime;
    case expr::ValueType::Boolean:
    case expr::ValueType::Null:
        break;
    }
    return ColumnKind::Boolean;
}

QString Expression::text() const
{
    return m_program->text;
}

QStringList Expression::columnNames() const
{
    QStringList names;
    for (const auto &c : m_program->columns)
        names << c.name;
    return names;
}

Result<ColumnPtr> Expression::evaluate(const Table &table, JobContext &ctx) const
{
    return expr::evaluateProgram(*m_program, table, ctx);
}

Result<std::vector<std::int64_t>> Expression::selectRows(const Table &table, JobContext &ctx) const
{
    return expr::selectProgramRows(*m_program, table, ctx);
}

QStringList Expression::functionNames()
{
    return expr::functionNames();
}

QStringList Expression::functionHelp()
{
    QStringList lines;
    for (const auto &f : expr::functionTable())
        lines << QStringLiteral("%1: %2").arg(QLatin1String(f.signature), QLatin1String(f.help));
    return lines;
}

} // namespace flowline::core
