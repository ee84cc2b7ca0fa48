#include "SplitText.h"

#include "StepSupport.h"
#include "table/CategoricalColumn.h"
#include "table/TextColumn.h"

#include <QJsonObject>

#include <algorithm>

namespace flowline::core::prep {

namespace {

constexpr int kMaxParts = 1000;

std::string_view textAt(const Column &c, std::int64_t r)
{
    if (c.kind() == ColumnKind::Text)
        return static_cast<const TextColumn &>(c).value(r);
    const auto &cat = static_cast<const CategoricalColumn &>(c);
    return cat.category(cat.code(r));
}

int pieces(std::string_view s, const std::string &delim)
{
    int n = 1;
    for (auto at = s.find(delim); at != std::string_view::npos;
         at = s.find(delim, at + delim.size()))
        ++n;
    return n;
}

} // namespace

FittedSplitText::FittedSplitText(SplitTextSpec spec, int parts)
    : m_spec(std::move(spec))
    , m_parts(parts)
{}

Result<std::shared_ptr<const FittedSplitText>> fitSplitText(const Table &table,
                                                            const SplitTextSpec &spec, JobContext &)
{
    auto cols = requireColumns(table, {spec.column}, {ColumnKind::Text, ColumnKind::Categorical},
                               QStringLiteral("split_text"));
    if (!cols)
        return cols.error();
    if (spec.delimiter.isEmpty())
        return Error{
            QStringLiteral("split_text: the delimiter for '%1' is empty").arg(spec.column)};
    if (spec.parts < 0 || spec.parts > kMaxParts)
        return Error{QStringLiteral("split_text: '%1' can be split into 1 to %2 parts (0: as many "
                                    "as found), not %3")
                         .arg(spec.column)
                         .arg(kMaxParts)
                         .arg(spec.parts)};
    int parts = spec.parts;
    if (parts == 0) {
        const Column &c = *table.column(cols->front());
        const std::string delim = spec.delimiter.toStdString();
        parts = 1;
        for (std::int64_t r = 0; r < c.size(); ++r) {
            if (!c.isMissing(r))
                parts = std::max(parts, pieces(textAt(c, r), delim));
        }
        if (parts > kMaxParts)
            return Error{QStringLiteral("split_text: '%1' splits into %2 parts, more than %3")
                             .arg(spec.column)
                             .arg(parts)
                             .arg(kMaxParts)};
    }
    return std::make_shared<const FittedSplitText>(spec, parts);
}

Result<Table> FittedSplitText::apply(const Table &in, JobContext &) const
{
    auto cols =
        requireColumns(in, {m_spec.column}, {ColumnKind::Text, ColumnKind::Categorical}, kind());
    if (!cols)
        return cols.error();
    const Column &c = *in.column(cols->front());
    const std::string delim = m_spec.delimiter.toStdString();
    std::vector<TextColumnBuilder> out(static_cast<std::size_t>(m_parts));
    for (std::int64_t r = 0; r < c.size(); ++r) {
        std::size_t j = 0;
        if (!c.isMissing(r)) {
            std::string_view s = textAt(c, r);
            for (; j + 1 < out.size(); ++j) {
                const auto at = s.find(delim);
                if (at == std::string_view::npos)
                    break;
                out[j].append(s.substr(0, at));
                s.remove_prefix(at + delim.size());
            }
            out[j++].append(s);
        }
        for (; j < out.size(); ++j)
            out[j].appendMissing();
    }
    Table t = in;
    for (std::size_t j = 0; j < out.size(); ++j)
        t = t.withColumn(m_spec.column + QStringLiteral("_%1").arg(j + 1), out[j].finish());
    return t;
}

QJsonObject FittedSplitText::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("column"), m_spec.column},
                       {QStringLiteral("delimiter"), m_spec.delimiter},
                       {QStringLiteral("parts"), m_parts}};
}

Result<FittedStepPtr> FittedSplitText::fromJson(const QJsonObject &json)
{
    SplitTextSpec spec;
    spec.column = json.value(QStringLiteral("column")).toString();
    spec.delimiter = json.value(QStringLiteral("delimiter")).toString();
    const int parts = json.value(QStringLiteral("parts")).toInt();
    if (spec.column.isEmpty() || spec.delimiter.isEmpty() || parts < 1 || parts > kMaxParts)
        return Error{QStringLiteral("split_text: needs a 'column', a 'delimiter' and 'parts' "
                                    "from 1 to %1")
                         .arg(kMaxParts)};
    spec.parts = parts;
    return FittedStepPtr(std::make_shared<const FittedSplitText>(spec, parts));
}

QString FittedSplitText::summary() const
{
    return QStringLiteral("split %1 at '%2' into %3 columns")
        .arg(m_spec.column, m_spec.delimiter)
        .arg(m_parts);
}

Result<Refitted> FittedSplitText::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitSplitText(t, m_spec, c); });
}

} // namespace flowline::core::prep
