#include "DataTableHeader.h"

#include <QFontMetrics>
#include <QPainter>
#include <QStyleOptionHeader>

#include <algorithm>

namespace flowline::widgets {

namespace {
constexpr int kLineGap = 1;
}

DataTableHeader::DataTableHeader(QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
{
    setSectionsClickable(true);
    setHighlightSections(true);
}

QFont DataTableHeader::kindFont() const
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    return f;
}

QSize DataTableHeader::sectionSizeFromContents(int logicalIndex) const
{
    QSize size = QHeaderView::sectionSizeFromContents(logicalIndex);
    const QString text =
        model() ? model()->headerData(logicalIndex, orientation()).toString() : QString();
    const QStringList lines = text.split(QLatin1Char('\n'));
    if (lines.size() == 2) {
        // Name line plus a smaller kind line; width from the wider of the two.
        const QFontMetrics nameMetrics(font());
        const QFontMetrics kindMetrics(kindFont());
        const int margin = 2 * style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, this);
        size.setHeight(nameMetrics.height() + kLineGap + kindMetrics.height() + margin + 4);
        size.setWidth(std::max(nameMetrics.horizontalAdvance(lines[0]),
                               kindMetrics.horizontalAdvance(lines[1])) +
                      2 * margin);
    }
    return size;
}

void DataTableHeader::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const
{
    const QString text =
        model() ? model()->headerData(logicalIndex, orientation()).toString() : QString();
    const QStringList lines = text.split(QLatin1Char('\n'));
    if (!rect.isValid() || lines.size() != 2) {
        QHeaderView::paintSection(painter, rect, logicalIndex);
        return;
    }

    // The section's frame and background as the style draws them, without its text.
    QStyleOptionHeader option;
    initStyleOptionForIndex(&option, logicalIndex);
    option.rect = rect;
    option.text.clear();
    painter->save();
    style()->drawControl(QStyle::CE_Header, &option, painter, this);
    painter->restore(); // the style may leave its own clip behind
    painter->save();
    painter->setClipRect(rect);

    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, this);
    const QRect area = rect.adjusted(margin, 0, -margin, 0);
    const QFontMetrics nameMetrics(font());
    const QFont smaller = kindFont();
    const QFontMetrics kindMetrics(smaller);
    const int height = nameMetrics.height() + kLineGap + kindMetrics.height();
    const int top = area.top() + (area.height() - height) / 2;

    const bool current =
        option.state.testFlag(QStyle::State_On) || option.state.testFlag(QStyle::State_Sunken);
    painter->setPen(
        palette().color(current ? QPalette::Active : QPalette::Inactive, QPalette::ButtonText));
    painter->setFont(font());
    painter->drawText(QRect(area.left(), top, area.width(), nameMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(lines[0], Qt::ElideRight, area.width()));
    painter->setPen(palette().color(QPalette::PlaceholderText));
    painter->setFont(smaller);
    painter->drawText(QRect(area.left(), top + nameMetrics.height() + kLineGap, area.width(),
                            kindMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      kindMetrics.elidedText(lines[1], Qt::ElideRight, area.width()));
    painter->restore();
}

} // namespace flowline::widgets
