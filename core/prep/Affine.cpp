#include "Affine.h"

#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

namespace flowline::core::prep {

Result<Table> applyAffine(const Table &in, const QStringList &columns,
                          const std::vector<double> &shift, const std::vector<double> &factor,
                          const std::vector<double> &offset, const QString &step, JobContext &ctx)
{
    auto cols = requireColumns(in, columns, {ColumnKind::Numeric}, step);
    if (!cols)
        return cols.error();
    std::vector<ColumnPtr> out(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const auto &x = in.numeric((*cols)[k])->values();
        std::vector<double> y(x.size());
        for (std::size_t i = 0; i < x.size(); ++i)
            y[i] = (x[i] - shift[k]) * factor[k] + offset[k];
        out[k] = std::make_shared<NumericColumn>(std::move(y));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k)
        t = t.withColumn(columns[static_cast<qsizetype>(k)], out[k]);
    return t;
}

} // namespace flowline::core::prep
