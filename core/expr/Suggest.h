#pragma once

#include <QString>
#include <QStringList>

namespace flowline::core::expr {

// The candidate most likely meant by a mistyped name: the closest by edit distance (letter
// case ignored, a swap of neighbours counts once), if close enough to be a typo; else empty.
QString closestName(const QString &name, const QStringList &candidates);

// A column name as written in a formula: bare when it is an identifier and not a keyword,
// else in backquotes with any backquote doubled.
QString formulaName(const QString &name);

// When a column whose name needs backquotes (spaces, '/', a keyword...) is written bare in text
// and covers position, the hint "to use the column 'a b', write `a b`"; else empty.
QString quotingHint(const QString &text, const QStringList &columns, int position);

} // namespace flowline::core::expr
